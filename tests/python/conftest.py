"""Make the in-tree package importable without installing it.

The shared library is found the way users find it: $CIVISCORE_LIBRARY, else a build tree above the
package (build/lib). Nothing here guesses other build directories, so a test run reports plainly
when the library has not been built.
"""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_PARENT = REPO_ROOT / "bindings" / "python"

if str(PACKAGE_PARENT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_PARENT))
