/** Where a person signed out redeems a password reset code (linked from the sign-in page). */
export const PASSWORD_PATH = '/password';
