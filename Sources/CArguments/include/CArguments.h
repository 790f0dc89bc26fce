// Nothing to import: arguments.c only defines two symbols of the Swift runtime (see there).
