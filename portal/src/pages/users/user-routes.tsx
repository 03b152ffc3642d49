import { lazy } from 'react';
import { Route } from 'react-router';

// Each page is a chunk of its own, fetched when its route is first shown (the shell's Suspense waits for it).
const UsersPage = lazy(() => import('./users-page').then((page) => ({ default: page.UsersPage })));
const UserPage = lazy(() => import('./user-page').then((page) => ({ default: page.UserPage })));

export function userRoutes() {
  return [<Route key="users" path="/users" element={<UsersPage />} />, <Route key="user" path="/users/:userId" element={<UserPage />} />];
}
