import { Route } from 'react-router';
import { BillingPage } from './billing-page';

export function billingRoutes() {
  return [<Route key="billing" path="/billing" element={<BillingPage />} />];
}
