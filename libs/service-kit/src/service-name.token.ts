/** Injection token of the running service's name (from libs/contracts). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
