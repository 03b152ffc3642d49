import { Route } from 'react-router';
import { LiveMeetingPage } from './live-meeting-page';
import { LivePage } from './live-page';

export function liveRoutes() {
  return [
    <Route key="live" path="/live" element={<LivePage />} />,
    <Route key="live-meeting" path="/live/:conferenceId" element={<LiveMeetingPage />} />,
  ];
}
