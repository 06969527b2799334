/** A mistake in the command line: its message is all the user needs, no stack trace. */
export class CliError extends Error {}
