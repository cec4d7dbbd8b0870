import bcrypt from 'bcryptjs';

/** bcrypt cost: about 0.1 s per hash in pure JavaScript on this class of machine. */
const COST = 11;
// A hash to compare against when the user does not exist, so timing does not reveal which emails exist.
const DUMMY_HASH = bcrypt.hashSync('keyscore-no-such-user', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== null);
}
