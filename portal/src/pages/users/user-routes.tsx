import { Route } from 'react-router';
import { UserPage } from './user-page';
import { UsersPage } from './users-page';

export function userRoutes() {
  return [<Route key="users" path="/users" element={<UsersPage />} />, <Route key="user" path="/users/:userId" element={<UserPage />} />];
}
