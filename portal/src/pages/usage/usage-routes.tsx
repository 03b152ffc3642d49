import { Route } from 'react-router';
import { UsagePage } from './usage-page';

export function usageRoutes() {
  return [<Route key="usage" path="/usage" element={<UsagePage />} />];
}
