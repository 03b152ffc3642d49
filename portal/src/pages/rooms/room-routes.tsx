import { Route } from 'react-router';
import { NewRoomPage } from './new-room-page';
import { RoomPage } from './room-page';
import { RoomsPage } from './rooms-page';

export function roomRoutes() {
  return [
    <Route key="rooms" path="/rooms" element={<RoomsPage />} />,
    <Route key="rooms-new" path="/rooms/new" element={<NewRoomPage />} />,
    <Route key="room" path="/rooms/:conferenceId" element={<RoomPage />} />,
  ];
}
