import { createApi } from './client';
import { HttpClient } from './http';
import { TokenStore, browserLocalStorage } from './token-store';

export * from './client';
export * from './errors';
export * from './http';
export * from './token-store';
export * from './types';
export * from './upload';

/** The app's one HTTP client: relative URLs, so it talks to whatever origin served it (the ingress). */
export const http = new HttpClient(new TokenStore(browserLocalStorage()), (input, init) => fetch(input, init));
export const api = createApi(http);
