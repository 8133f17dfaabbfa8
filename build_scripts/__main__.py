import os
import sys

from .cli import main

try:
    raise SystemExit(main())
except BrokenPipeError:
    # The reader of our output went away (`... | head`): not an error worth a traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(1) from None
