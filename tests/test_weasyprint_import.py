"""WeasyPrint is imported without the library search that starts ldconfig, gcc and ld."""

import subprocess
import sys

COUNT_PROCESSES = """
import subprocess
started = []
real = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    started.append(args)
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counting
"""


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", COUNT_PROCESSES + code], capture_output=True, text=True, timeout=120)


def test_import_starts_no_process():
    done = run("from reportgen.render.pdf import load_weasyprint\nload_weasyprint()\n"
               "import weasyprint\nassert weasyprint.HTML\nprint(len(started))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


def test_a_library_only_the_search_finds_still_loads():
    # The loader refuses every file name: only ctypes.util.find_library's search opens the libraries.
    done = run("import cffi\nopen_ = cffi.FFI.dlopen\n"
               "def refuse(self, name, *a):\n"
               "    if '.so' in name: raise OSError('refused')\n"
               "    return open_(self, name, *a)\n"
               "cffi.FFI.dlopen = refuse\n"
               "from reportgen.render.pdf import load_weasyprint\nload_weasyprint()\n"
               "import weasyprint, ctypes.util\nassert weasyprint.HTML and ctypes.util.find_library('c')\n"
               "print('searched' if started else 'not searched')")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "searched"  # no WeasyPrint advice printed from the first attempt
