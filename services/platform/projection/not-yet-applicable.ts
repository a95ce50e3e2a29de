/**
 * Thrown by a projection for an event it cannot apply yet because something it depends on has not
 * arrived (an effect before its cause, from another topic). The runner commits what came before
 * it and tries again shortly; unlike a failure, this is expected and never dead-lettered.
 */
export class NotYetApplicable extends Error {}
