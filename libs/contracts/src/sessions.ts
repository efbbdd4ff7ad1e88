/**
 * The web app's sign-in: a request with this header set to `1` asks identity to keep the refresh
 * token in an HttpOnly cookie (scoped to identity's path) instead of the JSON body, on login,
 * refresh and logout. Without it, the JSON contract is unchanged (`refreshToken` in the bodies).
 * Being a custom header, it cannot come from a cross-origin page without a CORS preflight, which
 * the services never grant for it (a CSRF defence alongside SameSite=Strict).
 */
export const SESSION_COOKIE_HEADER = 'x-session-cookie';

/** Name of the refresh-token cookie identity sets for the web app. */
export const REFRESH_COOKIE_NAME = 'platform_refresh';
