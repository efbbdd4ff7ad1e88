/** Headers the consumer sets on a message it sends to a retry queue or the DLQ. */

/** The delivery attempt the message is on its way to (1 on the first delivery, absent then). */
export const ATTEMPT_HEADER = 'x-attempt';
/** Message of the error that made the last delivery fail. */
export const LAST_ERROR_HEADER = 'x-last-error';
/** ISO instant of the last failure. */
export const FAILED_AT_HEADER = 'x-failed-at';
/** Routing key (event type) the message was first published with. */
export const ORIGINAL_ROUTING_KEY_HEADER = 'x-original-routing-key';
