import os
import sys

from .cli import main


def run() -> None:
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        # The reader of our output went away (`... | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    # Leave without tearing the heap down object by object: a build of 1,000 captures holds millions
    # of objects, which the system frees at once (Python's own teardown takes a quarter of a second).
    # Every file the command wrote is closed by now.
    os._exit(code if isinstance(code, int) else 1 if code else 0)


# Not when a spawned process (the preview's renderer) imports this module as its parent's main.
if __name__ == "__main__":
    run()
