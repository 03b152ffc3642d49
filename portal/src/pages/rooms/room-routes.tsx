import { lazy } from 'react';
import { Route } from 'react-router';

// Each page is a chunk of its own, fetched when its route is first shown (the shell's Suspense waits for it).
const RoomsPage = lazy(() => import('./rooms-page').then((page) => ({ default: page.RoomsPage })));
const NewRoomPage = lazy(() => import('./new-room-page').then((page) => ({ default: page.NewRoomPage })));
const RoomPage = lazy(() => import('./room-page').then((page) => ({ default: page.RoomPage })));

export function roomRoutes() {
  return [
    <Route key="rooms" path="/rooms" element={<RoomsPage />} />,
    <Route key="rooms-new" path="/rooms/new" element={<NewRoomPage />} />,
    <Route key="room" path="/rooms/:conferenceId" element={<RoomPage />} />,
  ];
}
