/** A random 128-bit id written as 32 lowercase hex digits: upload ids and the desktop app's picked-file tokens. */
export const RANDOM_ID = /^[a-f0-9]{32}$/;
