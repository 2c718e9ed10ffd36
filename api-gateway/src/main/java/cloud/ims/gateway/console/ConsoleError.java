package cloud.ims.gateway.console;

/**
 * An error as the console shows it: the words a user acts on, and the code to quote.
 */
record ConsoleError(String code, String message) {
}
