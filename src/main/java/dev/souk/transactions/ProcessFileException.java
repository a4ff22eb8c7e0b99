package dev.souk.transactions;

/** A process file that can't be used; the message names the file, and the line where it can. */
class ProcessFileException extends RuntimeException {

    ProcessFileException(String fileName, int line, String problem) {
        super(fileName + ":" + line + ": " + problem);
    }

    ProcessFileException(String fileName, String problem) {
        super(fileName + ": " + problem);
    }
}
