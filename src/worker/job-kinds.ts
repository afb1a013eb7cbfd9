/**
 * The handlers of each job kind, registered where the worker starts (handlers are flows, which
 * only entry points may import). A kind without a handler here is never claimed by this process.
 */
