"""The bundle's entry point: the same `main` as the `case-abstractor` command and
`python -m desktop_app`. PyInstaller freezes this script into both executables.

With CASE_ABSTRACTOR_SMOKE_EXIT_MS set (packaging/smoke_test.py sets it), the GUI proves
itself and quits; see packaging/smoke_hook.py. Nothing else differs from the installed app.
"""

import os
import sys

from desktop_app.app import main

if __name__ == "__main__":
    if os.environ.get("CASE_ABSTRACTOR_SMOKE_EXIT_MS"):
        from smoke_hook import arm

        arm()
    sys.exit(main())
