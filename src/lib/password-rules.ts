/**
 * Password length limits, apart from the hashing code so that schemas (which the admin app
 * also compiles) can use them without pulling in the native argon2 module.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
