// The Swift runtime's two command-line entry points, defined here so that the linker does not take the
// runtime's own (CommandLine.cpp in libswiftCore.a, linked in by --static-swift-stdlib).
//
// Why: on Linux the runtime's version finds argv at start-up by reading and sscanf-parsing
// /proc/self/maps in a static constructor, on every run, whether the program asks for its arguments or
// not: about 100,000 instructions and five system calls, 5 % of a run that matches no rule. glibc passes
// argc, argv and envp to every ELF constructor, so one constructor keeps them and
// `CommandLine.arguments` reads them from here.
//
// The symbols and their contract are the runtime's (SwiftShims/RuntimeStubs.h): argv is never copied or
// freed, and an override (used by tests of the standard library) wins. In builds that link the runtime
// dynamically (debug, tests), both definitions return the same arguments.

static int capturedArgc;
static char **capturedArgv;
static int overrideArgc;
static char **overrideArgv;

__attribute__((constructor)) static void captureArguments(int argc, char **argv, char **envp) {
    (void)envp;
    capturedArgc = argc;
    capturedArgv = argv;
}

char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    if (overrideArgv) {
        *outArgLen = overrideArgc;
        return overrideArgv;
    }
    *outArgLen = capturedArgc;
    return capturedArgv;
}

void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc) {
    overrideArgv = argv;
    overrideArgc = argc;
}
