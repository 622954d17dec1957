#!/usr/bin/env python3
"""Checks that scripts/setup.sh installs everything the build and the tests ask for.

A fresh Debian 12 machine has only what setup.sh installs: `bash scripts/run.sh` gets build_packages,
`bash scripts/test.sh` gets build_packages + test_packages. This check reads what the CMake files ask for
(find_package, pkg_check_modules, find_program, find_library, absolute /usr paths) and which programs the
scripts and tests run, maps each to a Debian package through scripts/packages.map, and fails when

  - a requirement has no line in packages.map (someone added a find_package and no package),
  - its package is in neither list of setup.sh, or only in the test list while run.sh needs it,
  - a line of packages.map matches nothing any more (the map drifted from the CMake files),
  - the package installed here does not provide what the map says (dpkg -S on the module, program or
    witness file), so a wrong mapping cannot hide behind another package that happens to be installed.

Usage: scripts/check_packages.py [--no-dpkg] [REPO_ROOT]    exit 0: in step; 1: drift (one problem a line)
  --no-dpkg: skip the dpkg -S confirmation (the check's own test, on copies of the tree)
"""
import os
import re
import shutil
import subprocess
import sys

ARGS = [a for a in sys.argv[1:] if a != "--no-dpkg"]
CONFIRM_WITH_DPKG = "--no-dpkg" not in sys.argv[1:]
ROOT = os.path.abspath(ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), ".."))
problems = []
notes = []


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------- setup.sh lists
def setup_lists():
    text = open(os.path.join(ROOT, "scripts/setup.sh"), encoding="utf-8").read()
    # Comments first: one inside a list may hold a ")" that would end it early.
    text = re.sub(r"(^|\s)#[^\n]*", r"\1", text)
    lists = {}
    for name in ("build_packages", "test_packages"):
        match = re.search(name + r"=\((.*?)\)", text, re.S)
        if not match:
            problems.append(f"scripts/setup.sh: no {name}=( ... ) list")
            lists[name] = set()
            continue
        body = re.sub(r"#[^\n]*", "", match.group(1))
        lists[name] = set(body.split())
    return lists["build_packages"], lists["test_packages"]


# ---------------------------------------------------------------- packages.map
def read_map():
    entries = []
    path = os.path.join(ROOT, "scripts/packages.map")
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) < 4 or fields[0] not in ("find_package", "pkg_config", "find_library", "program", "file", "needs") or \
                fields[3] not in ("build", "test"):
            problems.append(f"scripts/packages.map:{number}: expected KIND NAME PACKAGE build|test [WITNESS]")
            continue
        entries.append({"kind": fields[0], "name": fields[1], "package": fields[2], "list": fields[3],
                        "witness": fields[4] if len(fields) > 4 else None, "line": number, "found": []})
    return entries


# ---------------------------------------------------------------- what the CMake files ask for
def walk(top, suffixes):
    for directory, subdirs, files in os.walk(os.path.join(ROOT, top)):
        subdirs[:] = [d for d in subdirs if not d.startswith(".") and not d.startswith("build")]
        for name in files:
            if any(name.endswith(s) for s in suffixes):
                yield os.path.join(directory, name)


def test_only_path(path):
    parts = rel(path).split(os.sep)
    return parts[0] in ("tests", "fuzz")


def run_sh_options():
    """MC_* options as `bash scripts/run.sh` configures them: CMakeLists.txt defaults, then its -D flags."""
    top = open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8").read()
    options = {name: value.upper() == "ON" for name, value in
               re.findall(r"\boption\s*\(\s*(MC_[A-Z0-9_]+)\s+\"[^\"]*\"\s+(ON|OFF)\s*\)", top, re.I)}
    for script in ("scripts/run.sh",):
        text = open(os.path.join(ROOT, script), encoding="utf-8").read()
        for name, value in re.findall(r"-D(MC_[A-Z0-9_]+)=(ON|OFF)", text, re.I):
            options[name] = value.upper() == "ON"
    return options


def cmake_requirements():
    found = []  # (kind, name, context, where)
    options = run_sh_options()
    files = [p for p in walk(".", ("CMakeLists.txt", ".cmake"))]
    for path in files:
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"#[^\n]*", "", text)
        base_context = "test" if test_only_path(path) else "build"
        # Blocks under if(MC_X) where run.sh leaves MC_X off (tests, fuzzing) exist only in the test command.
        depth_stack = []
        offset_context = []
        for match in re.finditer(r"\b(if|endif|else|elseif)\s*\(([^)]*)\)", text, re.I):
            keyword, condition = match.group(1).lower(), match.group(2)
            if keyword == "if":
                names = re.findall(r"\b(MC_[A-Z0-9_]+)\b", condition)
                off_for_run = bool(names) and not condition.strip().upper().startswith("NOT") and \
                    any(not options.get(name, False) for name in names)
                depth_stack.append((match.start(), off_for_run))
            elif keyword == "endif" and depth_stack:
                start, is_test = depth_stack.pop()
                if is_test:
                    offset_context.append((start, match.end()))

        def context_at(offset):
            if base_context == "test":
                return "test"
            return "test" if any(a <= offset <= b for a, b in offset_context) else "build"

        where = rel(path)
        for match in re.finditer(r"\bfind_package\s*\(\s*([A-Za-z0-9_]+)", text):
            found.append(("find_package", match.group(1), context_at(match.start()), where))
        for match in re.finditer(r"\bpkg_check_modules\s*\(([^)]*)\)", text):
            words = match.group(1).split()
            modules = [w for w in words[1:] if w not in ("REQUIRED", "QUIET", "IMPORTED_TARGET", "GLOBAL",
                                                         "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH")]
            for module in modules:
                found.append(("pkg_config", re.split(r"[<>=]", module)[0], context_at(match.start()), where))
        for match in re.finditer(r"\bfind_program\s*\(\s*[A-Za-z0-9_]+\s+(?:NAMES\s+)?([^)\s]+)", text):
            found.append(("program", match.group(1), context_at(match.start()), where))
        for match in re.finditer(r"\bfind_library\s*\(\s*[A-Za-z0-9_]+\s+(?:NAMES\s+)?([^)\s]+)", text):
            found.append(("find_library", match.group(1), context_at(match.start()), where))
        for match in re.finditer(r"(?<![\w/$}])(/usr/(?:share|lib|include)/[^\s\")]+)", text):
            found.append(("file", match.group(1), context_at(match.start()), where))
    return found


# ---------------------------------------------------------------- what the scripts and tests run
SHELL_WORDS = set("""
if then else elif fi for while until do done case esac in function select time return exit break continue
local export readonly declare typeset unset shift set source . eval exec trap wait read printf echo cd pwd
true false test [ [[ ]] ]] command type hash builtin let getopts kill jobs fg bg disown umask ulimit alias
mapfile readarray shopt pushd popd dirs caller enable help logout times compgen complete coproc
""".split())
# Always on a Debian system (essential or required packages: coreutils, findutils, grep, sed, mawk,
# util-linux, procps, dpkg, apt, bash): not worth a line each.
BASE_TOOLS = set("""
awk basename cat chmod chown cmp comm cp cut date dd df dirname du env expr find grep head id install ln ls
mkdir mktemp mv nproc od paste readlink realpath rm rmdir seq sed sleep sort stat sum tail tee timeout touch
tr truncate uname uniq wc xargs yes sh bash dash mount umount unshare nice nohup flock setsid getent
pgrep pkill ps dpkg dpkg-query apt-get apt-cache sudo runuser su chroot gzip tar which whoami hostname
dpkg-deb zcat diff sha256sum md5sum
""".split())


def script_functions(paths):
    """Functions defined in any of the scripts (lib.sh's helpers are called from the others)."""
    names = set()
    for path in paths:
        text = open(path, encoding="utf-8", errors="replace").read()
        names |= set(re.findall(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)", text, re.M))
    return names


def shell_commands(path, functions):
    """Command words of a shell script (heuristic: the first word of each simple command)."""
    text = open(path, encoding="utf-8", errors="replace").read()
    text = re.sub(r"\\\n", " ", text)  # continuation lines
    text = re.sub(r"(^|[ \t])#[^\n]*", r"\1", text)  # comments (one in an array literal may hold a ")")
    # Here-documents and array literals are data, not commands.
    text = re.sub(r"<<-?\s*'?\"?([A-Za-z_]+)'?\"?[^\n]*\n.*?\n\s*\1\s*\n", "\n", text, flags=re.S)
    text = re.sub(r"^\s*[A-Za-z_][A-Za-z0-9_]*=\((?:[^()]|\n)*?\)", "", text, flags=re.M)
    commands = set()
    # CMake generator and compilers the scripts choose.
    if re.search(r"-G\s+Ninja", text):
        commands.add("ninja")
    for compiler in re.findall(r"\b(?:CC|CXX)=([A-Za-z][A-Za-z0-9_.+-]*)", text):
        commands.add(compiler)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"\s#.*$", "", line)
        line = re.sub(r"'[^']*'", "''", line)  # single-quoted text is not a command
        # Command substitutions inside double quotes are commands; the rest of the quoted text is not.
        inner = re.findall(r"\$\(([^()]*)\)", line)
        line = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)
        line = re.sub(r"\$?\(\((?:[^()]|\([^()]*\))*\)\)", " ", line)  # arithmetic
        for piece in re.split(r"\|\||&&|[|;&]|\$\(|`|\bthen\b|\bdo\b|\belse\b|\bif\b|\bwhile\b|\buntil\b|\(", line) + inner:
            words = piece.strip().split()
            while words and (re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]) or words[0] in ("!", "{", "}", "env", "exec",
                                                                                             "command", "time", "nice",
                                                                                             "sudo", "unshare", "-n",
                                                                                             "-a", "-u", "xvfb-run")):
                if words[0] == "xvfb-run":
                    commands.add("xvfb-run")
                if words[0] == "-u" and len(words) > 1:  # env -u NAME
                    words = words[1:]
                words = words[1:]
            if not words:
                continue
            word = words[0]
            if not re.match(r"^[A-Za-z][A-Za-z0-9_.+-]*$", word):
                continue
            if word in SHELL_WORDS or word in functions:
                continue
            commands.add(word)
    return commands


def source_tools(path):
    """Programs a C++ test runs: run_command("tool ...") and tool_available("tool")."""
    text = open(path, encoding="utf-8", errors="replace").read()
    tools = set()
    for start in re.findall(r"\b(?:run_command|tool_available|popen|system)\s*\(\s*\"([^\"]*)", text):
        words = [w for w in start.split() if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", w)]
        if words and re.match(r"^[A-Za-z][A-Za-z0-9_.+-]*$", words[0]) and words[0] != "command":
            tools.add(words[0])
    return tools


def program_requirements():
    found = []
    # What the two README commands run: scripts/{run,test}.sh and what they call, the tests and fuzz runner.
    # (Manual tools in scripts/, such as fresh-machine-check.sh, are not part of them.)
    two_commands = {"scripts/run.sh", "scripts/build.sh", "scripts/setup.sh", "scripts/start-kiosk.sh",
                    "scripts/test.sh"}
    scripts = [p for p in walk("scripts", (".sh",)) if rel(p) in two_commands] + \
        [p for top in ("tests", "fuzz") for p in walk(top, (".sh",))]
    functions = script_functions(scripts)
    for path in scripts:
        context = "build" if rel(path) in ("scripts/run.sh", "scripts/build.sh", "scripts/start-kiosk.sh",
                                           "scripts/setup.sh") else "test"
        for command in shell_commands(path, functions):
            if command in BASE_TOOLS:
                continue
            found.append(("program", command, context, rel(path)))
    for path in list(walk("tests", (".cpp", ".hpp"))) + list(walk("bench", (".cpp",))):
        for tool in source_tools(path):
            if tool not in BASE_TOOLS:
                found.append(("program", tool, "test", rel(path)))
    # Python scripts the test command runs (this check, test fixtures).
    for path in [p for top in ("scripts", "tests", "fuzz") for p in walk(top, (".py",))]:
        found.append(("program", "python3", "test", rel(path)))
    # The compilers CMake's project() asks for.
    top = open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8").read()
    languages = re.search(r"\bproject\s*\([^)]*LANGUAGES([^)]*)\)", top)
    if languages:
        if "CXX" in languages.group(1).split():
            found.append(("program", "c++", "build", "CMakeLists.txt"))
        if "C" in languages.group(1).split():
            found.append(("program", "cc", "build", "CMakeLists.txt"))
    return found


# ---------------------------------------------------------------- dpkg confirmation
def dpkg_owner(path):
    candidates = [path, os.path.realpath(path)]
    for candidate in list(candidates):  # merged /usr: dpkg may know the file under /bin or /lib
        if candidate.startswith("/usr/"):
            candidates.append(candidate[4:])
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            # "a, b: path" names every package shipping the path; a diverted path (postgresql-common diverts
            # libpq-dev's pg_config) adds "diversion by ... from/to: path" lines, which name no owner.
            owners = set()
            for line in result.stdout.splitlines():
                if ":" in line and not line.startswith("diversion by "):
                    owners.update(name.strip() for name in line.split(":")[0].split(","))
            return owners
    return set()


def installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() == "install ok installed"


def provides(package, owners):
    """The owner is the package itself, or one it depends on directly (g++ -> g++-12, clang -> clang-14)."""
    if package in owners:
        return True
    result = subprocess.run(["dpkg-query", "-W", "-f=${Pre-Depends},${Depends}", package], capture_output=True, text=True)
    depends = {re.split(r"[\s(:]", d.strip())[0] for d in re.split(r"[,|]", result.stdout) if d.strip()}
    return bool(depends & owners)


def confirm(entry):
    package = entry["package"]
    if shutil.which("dpkg") is None or not installed(package):
        notes.append(f"not installed here, mapping not confirmed: {package} ({entry['name']})")
        return
    kind, name, witness = entry["kind"], entry["name"], entry["witness"]
    if kind == "needs":
        return  # installed is all it takes
    path = None
    if kind == "pkg_config":
        result = subprocess.run(["pkg-config", "--variable=pcfiledir", name], capture_output=True, text=True)
        if result.returncode == 0:
            path = os.path.join(result.stdout.strip(), name + ".pc")
    elif kind == "program":
        # Where a fresh machine has it: dpkg's directories, never /usr/local or a user's own tools first.
        path = shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    elif kind == "file":
        path = name
    elif witness and witness != "-":
        path = witness
    if kind in ("find_package", "find_library") and not witness:
        problems.append(f"scripts/packages.map:{entry['line']}: {kind} {name} needs a witness file (or '-')")
        return
    if witness == "-":
        return
    if not path or not os.path.exists(path):
        problems.append(f"scripts/packages.map:{entry['line']}: {package} is installed but {kind} {name} is not "
                        f"found ({path or 'no path'}): wrong package?")
        return
    owners = dpkg_owner(path)
    if not provides(package, owners):
        problems.append(f"scripts/packages.map:{entry['line']}: {kind} {name} ({path}) comes from "
                        f"{', '.join(sorted(owners)) or 'no package'}, not {package}")


# ---------------------------------------------------------------- the check
def main():
    build_list, test_list = setup_lists()
    entries = read_map()
    requirements = cmake_requirements() + program_requirements()
    # `needs NAME`: a package another requirement needs at run time without depending on it (xvfb-run runs
    # xauth, which xvfb only recommends); required wherever NAME is.
    for entry in [e for e in entries if e["kind"] == "needs"]:
        for kind, name, context, where in list(requirements):
            if name == entry["name"] and kind != "needs":
                requirements.append(("needs", name + ":" + entry["package"], context, where))
    for entry in entries:
        if entry["kind"] == "needs":
            entry["name"] = entry["name"] + ":" + entry["package"]
    index = {}
    for entry in entries:
        index.setdefault((entry["kind"], entry["name"]), entry)
    for kind, name, context, where in requirements:
        entry = index.get((kind, name))
        if not entry:
            problems.append(f"{where}: {kind} {name} is not in scripts/packages.map (which Debian package provides it?)")
            continue
        entry["found"].append((context, where))
    for entry in entries:
        where = f"scripts/packages.map:{entry['line']}"
        if not entry["found"]:
            problems.append(f"{where}: {entry['kind']} {entry['name']} is required nowhere any more: remove the line")
            continue
        needed_by_build = any(context == "build" for context, _ in entry["found"])
        if needed_by_build and entry["list"] != "build":
            first = next(w for c, w in entry["found"] if c == "build")
            problems.append(f"{where}: {entry['name']} is needed by `bash scripts/run.sh` ({first}) but mapped to the "
                            f"test list")
        target = build_list if entry["list"] == "build" else (build_list | test_list)
        if entry["package"] not in target:
            problems.append(f"{where}: {entry['package']} ({entry['kind']} {entry['name']}, used in "
                            f"{entry['found'][0][1]}) is not in scripts/setup.sh "
                            f"{'build_packages' if entry['list'] == 'build' else 'build_packages or test_packages'}")
        if CONFIRM_WITH_DPKG:
            confirm(entry)
    mapped_packages = {e["package"] for e in entries}
    for package in sorted((build_list | test_list) - mapped_packages):
        notes.append(f"scripts/setup.sh installs {package}, which no mapped requirement names (a runtime need?)")
    for note in notes:
        print("note:", note)
    for problem in problems:
        print("DRIFT:", problem)
    print(f"check_packages: {len(requirements)} requirements, {len(entries)} mappings, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
