import type { paths } from './schema';

/** The JSON an operation answers with on success (200 or 201). */
type Answer<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Json } } } }
  ? Json
  : Operation extends { responses: { 201: { content: { 'application/json': infer Json } } } }
    ? Json
    : never;

export type Conference = Answer<paths['/api/v1/conferences/{conferenceId}']['get']>;
export type CreatedConference = Answer<paths['/api/v1/conferences']['post']>;
export type IssuedCode = CreatedConference['codes'][number];
export type User = Answer<paths['/api/v1/users/{userId}']['get']>;
export type Token = Answer<paths['/api/v1/users/{userId}/tokens']['get']>['tokens'][number];
/** The session of a person signed in (POST /api/v1/session; GET answers the same). */
export type Session = Answer<paths['/api/v1/session']['post']>;
export type IssuedResetCode = Answer<paths['/api/v1/users/{userId}/password-reset']['post']>;
