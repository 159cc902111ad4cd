#!/usr/bin/env python3
"""The labs: list them, write a handout, grade a tree, check them all.

  tools/labs.py list                 the lab numbers, one per line (make labs)
  tools/labs.py handout N DIR        a tree at DIR where the solution regions
                                     of lab N and of every later lab are
                                     replaced by their stubs (make handout)
  tools/labs.py grade [N...]         build, run each lab's tests from a
                                     pristine copy of the tests, print points
                                     per exercise and "Score: N/M" (make grade)
  tools/labs.py check [N...]         what make test proves about the labs: the
                                     markers are well formed, every handout
                                     builds, scores below full marks on its
                                     own lab and full marks on the lab before,
                                     and the complete tree scores full marks

A lab is a directory labs/NN-name/ with README.md (the handout text) and
lab.toml (its title, the files holding its regions, the run.py filters and
the exercises). A solution region, in any source file:

  /* LAB 3 BEGIN */            # LAB 3 BEGIN
  ...the solution...           ...the solution...
  /* LAB 3 STUB                # LAB 3 STUB
  ...the stub, verbatim...     # ...the stub, "# " removed...
     LAB 3 END */              # LAB 3 END

(or "/* LAB 3 END */" with no stub). See docs/labs.md.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What a student's tree may not change for grading: these come from the
# pristine copy. Everything else (the kernel) is the student's.
PRISTINE_PATHS = ["tests", "user/tests", "labs", "tools/run-elf", "tools/labs.py"]
# Files never scanned for markers: prose that quotes them, and this file.
NOT_SOURCES = (".md",)
SELF = "tools/labs.py"
BUILD_TARGETS = ["test-prereqs"]
# A handout's top directory has this file, holding its lab number.
HANDOUT_MARK = ".handout"
GIT_ID = ["-c", "user.name=Mica labs", "-c", "user.email=labs@mica.invalid"]

C_BEGIN = re.compile(r"^/\* LAB (\d+) BEGIN \*/$")
C_STUB = re.compile(r"^/\* LAB (\d+) STUB$")
C_STUB_END = re.compile(r"^LAB (\d+) END \*/$")
C_END = re.compile(r"^/\* LAB (\d+) END \*/$")
H_BEGIN = re.compile(r"^# LAB (\d+) BEGIN$")
H_STUB = re.compile(r"^# LAB (\d+) STUB$")
H_END = re.compile(r"^# LAB (\d+) END$")
ANY_MARKER = re.compile(r"\bLAB \d+ (BEGIN|STUB|END)")


class LabError(Exception):
    pass


# ---- regions ----

def parse_regions(path, text):
    """The regions of one file, in order: a list of dicts with lab, begin
    and end line indexes (0-based, inclusive of the marker lines),
    solution lines and stub lines (None: no stub). Raises LabError at the
    first malformed marker."""
    lines = text.split("\n")
    regions, cur = [], None
    for i, line in enumerate(lines):
        s = line.strip()
        if not ANY_MARKER.search(s):
            if cur is not None and cur["state"] == "stub" and cur["hash"]:
                body = line.lstrip(" \t")
                indent = line[:len(line) - len(body)]
                if body == "#":
                    cur["stub"].append(indent)
                elif body.startswith("# "):
                    cur["stub"].append(indent + body[2:])
                else:
                    raise LabError(f"{path}:{i + 1}: a '# LAB {cur['lab']} STUB' line "
                                   "that does not start with '# '")
            elif cur is not None:
                cur["solution" if cur["state"] == "solution" else "stub"].append(line)
            continue
        where = f"{path}:{i + 1}"
        m = C_BEGIN.match(s) or H_BEGIN.match(s)
        if m:
            if cur is not None:
                raise LabError(f"{where}: LAB {m.group(1)} BEGIN inside LAB {cur['lab']}")
            cur = {"lab": int(m.group(1)), "begin": i, "state": "solution",
                   "hash": s.startswith("#"), "solution": [], "stub": None}
            continue
        m = C_STUB.match(s) or H_STUB.match(s)
        if m:
            if cur is None or cur["state"] != "solution" or int(m.group(1)) != cur["lab"]:
                raise LabError(f"{where}: LAB {m.group(1)} STUB without its BEGIN")
            cur["state"], cur["stub"] = "stub", []
            continue
        m = C_END.match(s) or C_STUB_END.match(s) or H_END.match(s)
        if m:
            if cur is None or int(m.group(1)) != cur["lab"]:
                raise LabError(f"{where}: LAB {m.group(1)} END without its BEGIN")
            if cur["state"] == "stub" and not cur["hash"] and not C_STUB_END.match(s):
                raise LabError(f"{where}: the stub of LAB {cur['lab']} ends with "
                               f"'LAB {cur['lab']} END */'")
            if cur["state"] == "solution" and C_STUB_END.match(s):
                raise LabError(f"{where}: 'LAB {cur['lab']} END */' without a STUB")
            cur["end"] = i
            del cur["state"]
            regions.append(cur)
            cur = None
            continue
        raise LabError(f"{where}: not a lab marker line: {s!r}")
    if cur is not None:
        raise LabError(f"{path}:{cur['begin'] + 1}: LAB {cur['lab']} BEGIN is never ended")
    return regions


def render(text, regions, lab):
    """text with the regions of labs >= lab replaced by their stubs and
    the others by their solutions, markers removed."""
    lines = text.split("\n")
    out, at = [], 0
    for r in regions:
        out += lines[at:r["begin"]]
        out += (r["stub"] or []) if r["lab"] >= lab else r["solution"]
        at = r["end"] + 1
    out += lines[at:]
    return "\n".join(out)


def tree_files(root):
    """The tree's source files, relative to root: git's list where root is
    a git checkout, else every file outside build/ and .git/."""
    if os.path.isdir(os.path.join(root, ".git")) or os.path.isfile(os.path.join(root, ".git")):
        p = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], stdout=subprocess.PIPE, check=True)
        names = [n for n in p.stdout.decode().split("\0") if n]
        return sorted(n for n in names if os.path.isfile(os.path.join(root, n)))
    found = []
    for d, subdirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel == ".":
            subdirs[:] = [s for s in subdirs if s not in ("build", ".git")]
        found += [os.path.normpath(os.path.join(rel, f)) for f in files]
    return sorted(found)


def read_text(path):
    """The file's text, or None when it is not UTF-8 text."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (UnicodeDecodeError, OSError):
        return None


def all_regions(root):
    """{relative path: (text, regions)} of every source file with markers."""
    found = {}
    for rel in tree_files(root):
        if rel.endswith(NOT_SOURCES) or rel == SELF:
            continue
        text = read_text(os.path.join(root, rel))
        if text is None or "LAB " not in text:
            continue
        regions = parse_regions(rel, text)
        if regions:
            found[rel] = (text, regions)
    return found


# ---- labs ----

def load_labs(root=ROOT):
    """{number: lab} for every labs/NN-name/lab.toml."""
    labs = {}
    base = os.path.join(root, "labs")
    for d in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        m = re.match(r"^(\d\d)-[a-z0-9-]+$", d)
        path = os.path.join(base, d, "lab.toml")
        if not m or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            lab = tomllib.load(f)
        lab["number"], lab["dir"] = int(m.group(1)), f"labs/{d}"
        lab["max"] = sum(e.get("points", 0) for e in lab.get("exercise", []))
        labs[lab["number"]] = lab
    return labs


def lab_problems(labs, regions):
    """What is wrong with the labs' definitions, as a list of sentences."""
    bad = []
    marked = {}
    for rel, (_, rs) in regions.items():
        for r in rs:
            marked.setdefault(r["lab"], set()).add(rel)
    for n in sorted(set(marked) - set(labs)):
        bad.append(f"LAB {n} regions in {', '.join(sorted(marked[n]))} but no labs/{n:02d}-*/lab.toml")
    index = read_text(os.path.join(ROOT, "docs", "labs.md")) or ""
    rows = re.findall(r"^\| (\d+) \| \[?`?(labs/[^`\]]*)", index, re.M)
    if sorted((int(n), p) for n, p in rows) != [(n, f"{lab['dir']}/README.md")
                                                for n, lab in sorted(labs.items())]:
        bad.append(f"docs/labs.md's table lists {rows}, not every lab in labs/ in order")
    for n, lab in sorted(labs.items()):
        where = f"{lab['dir']}/lab.toml"
        if not lab.get("title"):
            bad.append(f"{where}: no title")
        if not os.path.isfile(os.path.join(ROOT, lab["dir"], "README.md")):
            bad.append(f"{lab['dir']}: no README.md (the handout text)")
        listed = set(lab.get("regions", []))
        if listed != marked.get(n, set()):
            bad.append(f"{where}: regions lists {sorted(listed)}, the markers are in "
                       f"{sorted(marked.get(n, set()))}")
        if not lab.get("exercise"):
            bad.append(f"{where}: no [[exercise]]")
        for e in lab.get("exercise", []):
            if not e.get("name") or e.get("points", 0) <= 0:
                bad.append(f"{where}: an exercise without a name or points")
            if ("tests" in e) == ("command" in e):
                bad.append(f"{where}: exercise {e.get('name')!r} needs tests or command, one of them")
            if "tests" in e and not lab.get("run"):
                bad.append(f"{where}: exercise {e.get('name')!r} has tests but the lab has no run filters")
    return bad


# ---- handout ----

def write_handout(n, out, seed_build=True, quiet=False):
    """Writes lab n's handout tree at out (a new or empty directory) as a
    git repository whose first commit is tagged "handout"."""
    labs = load_labs()
    if n not in labs:
        raise LabError(f"no lab {n}: the labs are {' '.join(map(str, sorted(labs)))}")
    out = os.path.abspath(out)
    if os.path.exists(out) and os.listdir(out):
        raise LabError(f"{out} exists and is not empty")
    regions = all_regions(ROOT)
    stubbed = 0
    for rel in tree_files(ROOT):
        src, dst = os.path.join(ROOT, rel), os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel in regions:
            text, rs = regions[rel]
            with open(dst, "w", encoding="utf-8") as f:
                f.write(render(text, rs, n))
            shutil.copymode(src, dst)
            stubbed += sum(1 for r in rs if r["lab"] >= n)
        else:
            shutil.copy2(src, dst)	# the old mtime: its objects stay current
    if seed_build and os.path.isdir(os.path.join(ROOT, "build")):
        # the complete tree's objects, so that only the stubbed files and
        # what depends on them are rebuilt
        shutil.copytree(os.path.join(ROOT, "build"), os.path.join(out, "build"), symlinks=True,
                        ignore=shutil.ignore_patterns("grade-tree", "labs-check"))
    with open(os.path.join(out, HANDOUT_MARK), "w") as f:
        f.write(f"{n}\n")
    git = ["git", "-C", out] + GIT_ID
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", f"Lab {n} handout: {labs[n]['title']}"], check=True)
    subprocess.run(git + ["tag", "handout"], check=True)
    if not quiet:
        later = [k for k in sorted(labs) if k > n]
        print(f"handout for lab {n} ({labs[n]['title']}) in {out}:")
        print(f"  {stubbed} solution regions replaced by their stubs "
              f"(lab {n}{' and labs ' + ' '.join(map(str, later)) if later else ''}),"
              f" labs before {n} solved")
        print(f"  read {labs[n]['dir']}/README.md; check your work with: cd {out} && make grade LAB={n}")


# ---- grading ----

def pristine_source(root, given):
    """Where the pristine tests come from: (kind, value), kind "dir" for a
    directory, "git" for a commit of root's repository, or None."""
    if given:
        return "dir", os.path.abspath(given)
    def git(*args):
        return subprocess.run(["git", "-C", root] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    if git("rev-parse", "--verify", "-q", "handout").returncode == 0:
        return "git", "handout"
    if git("rev-parse", "--verify", "-q", "HEAD").returncode == 0:
        return "git", "HEAD"
    return None, None


def extract_pristine(root, kind, value, dest):
    """Writes the PRISTINE_PATHS of the pristine copy under dest."""
    os.makedirs(dest, exist_ok=True)
    if kind == "dir":
        for p in PRISTINE_PATHS:
            src = os.path.join(value, p)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(dest, p))
            elif os.path.isfile(src):
                os.makedirs(os.path.dirname(os.path.join(dest, p)), exist_ok=True)
                shutil.copy2(src, os.path.join(dest, p))
        return
    present = subprocess.run(["git", "-C", root, "ls-tree", "--name-only", value, "--"] +
                             PRISTINE_PATHS, stdout=subprocess.PIPE, check=True)
    paths = present.stdout.decode().split()
    if not paths:
        return
    with tempfile.TemporaryFile() as t:
        subprocess.run(["git", "-C", root, "archive", "--format=tar", value, "--"] + paths,
                       stdout=t, check=True)
        t.seek(0)
        with tarfile.open(fileobj=t) as tar:
            tar.extractall(dest, filter="tar")


def files_under(base, paths):
    """{relative path: bytes} of the files under base's paths."""
    found = {}
    for p in paths:
        top = os.path.join(base, p)
        if os.path.isfile(top):
            found[p] = open(top, "rb").read()
        for d, _, files in os.walk(top):
            for f in files:
                full = os.path.join(d, f)
                found[os.path.relpath(full, base)] = open(full, "rb").read()
    return found


def tests_tree(root, pristine):
    """The directory to build and test in: root itself when its tests are
    the pristine ones, else root/build/grade-tree, a copy of root with the
    pristine tests in place of its own. Returns (dir, note)."""
    kind, value = pristine_source(root, pristine)
    if kind is None:
        return root, "no pristine copy (not a git tree, no PRISTINE=): grading this tree's own tests"
    with tempfile.TemporaryDirectory(prefix="mica-pristine.") as tmp:
        extract_pristine(root, kind, value, tmp)
        want = files_under(tmp, PRISTINE_PATHS)
        have = files_under(root, PRISTINE_PATHS)
        note = f"tests from {'the handout commit' if value == 'handout' else value}"
        if want == have:
            return root, note
        changed = sorted(p for p in set(want) | set(have) if want.get(p) != have.get(p))
        shadow = os.path.join(root, "build", "grade-tree")
        shutil.rmtree(shadow, ignore_errors=True)
        for rel in tree_files(root):
            if any(rel == p or rel.startswith(p + "/") for p in PRISTINE_PATHS):
                continue
            dst = os.path.join(shadow, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(root, rel), dst)
        for rel, data in want.items():
            dst = os.path.join(shadow, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if have.get(rel) == data:	# unchanged: keep its mtime, and its objects
                shutil.copy2(os.path.join(root, rel), dst)
                continue
            with open(dst, "wb") as f:
                f.write(data)
            shutil.copymode(os.path.join(tmp, rel), dst)
        shutil.copytree(os.path.join(root, "build"), os.path.join(shadow, "build"), symlinks=True,
                        ignore=shutil.ignore_patterns("grade-tree", "labs-check"))
        shown = ", ".join(changed[:4]) + (" ..." if len(changed) > 4 else "")
        return shadow, f"{note}; this tree's tests differ ({shown}): graded in build/grade-tree"


RESULT = re.compile(r"^(not ok|ok) \d+ - (.*)$")


def parse_results(out):
    """[(ok, name, [reason lines])] of tests/run.py's output."""
    results = []
    for line in out.splitlines():
        m = RESULT.match(line)
        if m:
            results.append((m.group(1) == "ok", m.group(2), []))
        elif line.startswith("#") and results:
            results[-1][2].append(line[1:].strip())
    return results


def reason(name, lines):
    """One short line on why result name failed: the failing assertion
    (an "expected ..., got ..." line) of the kernel's side when the
    result shows one, else its first reason line."""
    lines = [l.strip() for l in lines]
    if name.endswith(": completed") and lines:	# why the run went wrong, not a point
        return f"{name}: {lines[0][:157] + '...' if len(lines[0]) > 160 else lines[0]}"
    if "---- Mica ----" in lines:	# a user test: the reasons of Mica's point
        mica = lines[lines.index("---- Mica ----") + 1:]
        own = [l[1:].strip() for l in mica if l.startswith("#")]
        own = [l for l in own if l != "check failed"] or own
        if own:
            lines = own
    pick = next((l for l in lines if "expected" in l), None)
    if pick is None:
        pick = next((l for l in lines if l and not l.startswith("----")), "failed")
    if len(pick) > 160:
        pick = pick[:157] + "..."
    return f"{name}: {pick}"


def score_exercise(e, results, workdir, log):
    """(passed, reason or "") of exercise e."""
    if "command" in e:
        p = subprocess.run(e["command"], cwd=workdir, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        out = p.stdout.decode(errors="replace")
        log.write(f"==== {' '.join(e['command'])} (exit {p.returncode})\n{out}")
        last = next((l for l in reversed(out.splitlines()) if l.strip()), f"exit {p.returncode}")
        return p.returncode == 0, "" if p.returncode == 0 else last.strip()
    pats = e["tests"]
    suites = {p.split(": ")[0] for p in pats}
    mine = [r for r in results if any(r[1].startswith(p) for p in pats)]
    broken = [r for r in results if not r[0] and r[1].split(": ")[0] in suites
              and r[1].endswith(": completed") and results_missing(r, results)]
    failing = [r for r in mine if not r[0]] + broken
    if failing:
        return False, reason(failing[0][1], failing[0][2])
    unmatched = [p for p in pats if not any(r[1].startswith(p) for r in results)]
    if unmatched:
        return False, f"no result for {unmatched[0]} (did the kernel boot? see the log)"
    return True, ""


def results_missing(done, results):
    """Whether the failed "SUITE: completed" result done means results of
    SUITE are missing that no other result accounts for: it timed out, or
    gave fewer results than its plan, and no case of it is named as the
    one it stopped in (run.py's crashed_case)."""
    why = " ".join(done[2])
    m = re.search(r"plan (\w+), (\d+) results", why)
    short = "timed out" in why or not m or m.group(1) == "None" or int(m.group(1)) != int(m.group(2))
    suite = done[1][:-len(": completed")]
    named = any(r[1].startswith(suite + ": ") and any("the suite stopped in this case" in l
                                                      for l in r[2]) for r in results)
    return short and not named


def build(workdir, jobs, log):
    """make the test prerequisites in workdir; returns (ok, tail of output)."""
    p = subprocess.run(["make", f"-j{jobs}", "--no-print-directory"] + BUILD_TARGETS,
                       cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    log.write(f"==== make {' '.join(BUILD_TARGETS)} (exit {p.returncode})\n{out}")
    return p.returncode == 0, "\n".join(out.splitlines()[-15:])


def grade(root, numbers, pristine=None, jobs=2, quiet=False, in_place=False):
    """Grades labs numbers in the tree at root (with its own tests when
    in_place). Prints the score lines unless quiet; returns
    {n: (points, max, [(exercise, ok, points, why)])}."""
    labs = load_labs(root)
    numbers = numbers or sorted(labs)
    for n in numbers:
        if n not in labs:
            raise LabError(f"no lab {n}: the labs are {' '.join(map(str, sorted(labs)))}")
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    workdir, note = (root, "this tree's own tests") if in_place else tests_tree(root, pristine)
    say(f"grading lab{'s' if len(numbers) > 1 else ''} {' '.join(map(str, numbers))}: {note}")
    os.makedirs(os.path.join(workdir, "build"), exist_ok=True)
    logpath = os.path.join(workdir, "build", "grade.log")
    with open(logpath, "w") as log:
        ok, tail = build(workdir, jobs, log)
        results = []
        filters = sorted({f for n in numbers for f in labs[n].get("run", [])})
        if ok and filters:
            say(f"running tests/run.py {' '.join('-k ' + f for f in filters)}")
            args = [sys.executable, "tests/run.py"] + [a for f in filters for a in ("-k", f)]
            p = subprocess.run(args, cwd=workdir, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            out = p.stdout.decode(errors="replace")
            log.write(f"==== {' '.join(args)} (exit {p.returncode})\n{out}")
            results = parse_results(out)
        scores = {}
        for n in numbers:
            lab, rows = labs[n], []
            for e in lab["exercise"]:
                if not ok:
                    good, why = False, "the tree does not build (make test-prereqs; see the log)"
                else:
                    good, why = score_exercise(e, results, workdir, log)
                rows.append((e["name"], good, e["points"] if good else 0, why))
            scores[n] = (sum(r[2] for r in rows), lab["max"], rows)
    if not ok and not quiet:
        print(tail)
    for n in numbers:
        got, top, rows = scores[n]
        say(f"Lab {n}: {labs[n]['title']} ({labs[n]['dir']}/README.md)")
        for name, good, pts, why in rows:
            e = next(x for x in labs[n]["exercise"] if x["name"] == name)
            say(f"  {name:<44} {pts:>3}/{e['points']:<3} {'pass' if good else 'FAIL'}")
            if why:
                say(f"      {why}")
        if len(numbers) > 1:
            say(f"Lab {n} score: {got}/{top}")
    total = sum(s[0] for s in scores.values())
    say(f"Score: {total}/{sum(s[1] for s in scores.values())}")
    say(f"(the whole log: {os.path.relpath(logpath, root)})")
    return scores


# ---- check ----

def full_marks(labs, scores):
    """[(ok, fact, reason)]: whether each lab of scores has full marks."""
    facts = []
    for n, (got, top, rows) in sorted(scores.items()):
        facts.append((got == top, f"labs/{n:02d}: the complete tree scores full marks ({got}/{top})",
                      "\n".join(f"{name}: {why}" for name, good, _, why in rows if not good)))
    return facts


def tree_facts(results):
    """full_marks of the complete tree from the results of a whole run of
    tests/run.py in it ((ok, name, reason lines) as parse_results gives)."""
    labs, scores = load_labs(), {}
    with open(os.devnull, "w") as log:
        for n, lab in sorted(labs.items()):
            rows = []
            for e in lab["exercise"]:
                good, why = score_exercise(e, results, ROOT, log)
                rows.append((e["name"], good, e["points"] if good else 0, why))
            scores[n] = (sum(r[2] for r in rows), lab["max"], rows)
    return full_marks(labs, scores)


def check(numbers, jobs, forward, keep, tree=True):
    """make test's labs group: prints one "ok"/"not ok" line per fact, with
    "# " reason lines; returns the number of failures. tree: grade the
    complete tree too (make test does that from its own results)."""
    fails = 0

    def fact(good, what, why=""):
        nonlocal fails
        fails += not good
        print(f"{'ok' if good else 'not ok'} - {what}", flush=True)
        for line in why.splitlines():
            print(f"# {line}", flush=True)

    try:
        regions = all_regions(ROOT)
        labs = load_labs()
        bad = lab_problems(labs, regions)
    except (LabError, tomllib.TOMLDecodeError) as e:
        fact(False, "labs: the markers and lab.toml files are well formed", str(e))
        return fails
    fact(not bad, "labs: every lab has its handout text, grader and regions", "\n".join(bad))
    bad = marker_mistakes()
    fact(not bad, "labs: every malformed marker is reported", "\n".join(bad))
    numbers = numbers or sorted(labs)
    if tree:
        t0 = time.time()
        full = grade(ROOT, numbers, jobs=jobs, quiet=True, in_place=True)
        for good, what, why in full_marks(labs, full):
            fact(good, what, why)
        print(f"time: the tree graded in {time.time() - t0:.0f} s", flush=True)
    scratch = os.path.join(ROOT, "build", "labs-check")
    for n in numbers:
        t0 = time.time()
        out = os.path.join(scratch, f"lab{n:02d}")
        shutil.rmtree(out, ignore_errors=True)
        try:
            write_handout(n, out, quiet=True)
        except (LabError, subprocess.CalledProcessError) as e:
            fact(False, f"labs/{n:02d}: the handout is written", str(e))
            continue
        want = [n] + ([n - 1] if forward and n - 1 in labs else [])
        try:
            scores = grade(out, want, jobs=jobs, quiet=True, in_place=True)
        except LabError as e:
            fact(False, f"labs/{n:02d}: the handout is graded", str(e))
            continue
        got, top, rows = scores[n]
        built = not any("does not build" in why for _, _, _, why in rows)
        fact(built, f"labs/{n:02d}: the handout builds",
             "" if built else open(os.path.join(out, "build", "grade.log")).read()[-3000:])
        if built:
            booted = boots(out)
            fact(booted is None, f"labs/{n:02d}: the handout boots to the shell "
                 "(a pipe of two commands, then echo)", booted or "")
        passing = [name for name, good, _, _ in rows if good]
        fact(built and got < top,
             f"labs/{n:02d}: the handout scores below full marks ({got}/{top})")
        fact(built and not passing, f"labs/{n:02d}: every exercise fails on its stub",
             "passes on the handout: " + ", ".join(passing) if passing else "")
        if n == numbers[0]:
            cheat = cheating_student(out, labs[n])
            fact(cheat is None, f"labs/{n:02d}: a test runner edited to pass everything "
                 "does not change the grade (it grades the pristine tests)", cheat or "")
        if n - 1 in want:
            pgot, ptop, prow = scores[n - 1]
            fact(pgot == ptop, f"labs/{n:02d}: lab {n - 1} scores full marks in it "
                 f"({pgot}/{ptop}): later stubs break no earlier lab",
                 "\n".join(f"{name}: {why}" for name, good, _, why in prow if not good))
        print(f"time: lab {n} handout checked in {time.time() - t0:.0f} s", flush=True)
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    return fails


# Marker texts parse_regions must refuse, and a word of what it says.
BAD_MARKERS = [
    ("/* LAB 1 BEGIN */\nx\n", "never ended"),
    ("/* LAB 1 END */\n", "without its BEGIN"),
    ("/* LAB 1 BEGIN */\n/* LAB 2 BEGIN */\n", "inside LAB 1"),
    ("/* LAB 1 BEGIN */\n/* LAB 1 STUB\nstub\n/* LAB 1 END */\n", "ends with"),
    ("/* LAB 1 BEGIN */\nLAB 1 END */\n", "without a STUB"),
    ("/* LAB 1 BEGIN */\n/* LAB 2 STUB\nLAB 2 END */\n", "STUB without its BEGIN"),
    ("# LAB 1 BEGIN\n# LAB 1 STUB\nstub\n# LAB 1 END\n", "does not start with"),
    ("/* LAB 1 BEGINS */\n", "not a lab marker line"),
]


def marker_mistakes():
    """The BAD_MARKERS that parse_regions does not refuse as it should,
    and a region it does not render as it should, as sentences."""
    bad = []
    for text, says in BAD_MARKERS:
        try:
            parse_regions("t.c", text)
            bad.append(f"accepted: {text!r}")
        except LabError as e:
            if says not in str(e):
                bad.append(f"{text!r}: said {e}, not {says!r}")
    good = ("a\n/* LAB 2 BEGIN */\nsol\n/* LAB 2 STUB\n\tstub;\n   LAB 2 END */\n"
            "# LAB 3 BEGIN\nsol3\n# LAB 3 STUB\n\t# stub3\n# LAB 3 END\nz")
    rs = parse_regions("t.c", good)
    for lab, want in ((2, "a\n\tstub;\n\tstub3\nz"), (3, "a\nsol\n\tstub3\nz"),
                      (4, "a\nsol\nsol3\nz")):
        if render(good, rs, lab) != want:
            bad.append(f"lab {lab}'s rendering: {render(good, rs, lab)!r}, not {want!r}")
    return bad


def boots(tree):
    """Boots tree's kernel with its shell as the program and runs a pipe and
    an echo in it. Returns None when that worked, else what happened."""
    env = dict(os.environ, RUN_ELF_TIMEOUT="90")
    try:
        p = subprocess.run(["tools/run-elf", "build/user/sh"], cwd=tree, env=env,
                           input=b"ls /bin | wc -l\necho booted\n", stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=150)
    except subprocess.TimeoutExpired:
        return "timed out"
    out = p.stdout.decode(errors="replace")
    lines = out.split()
    if p.returncode == 0 and lines[-1:] == ["booted"] and lines[0].isdigit() and int(lines[0]) > 1:
        return None
    return f"exit {p.returncode}:\n{out[-2000:]}"


def cheating_student(out, lab):
    """Replaces the handout's tests/run.py by one that passes every
    exercise's tests and commits nothing; grades it. Returns None when
    the grade did not move, else what happened."""
    names = [p for e in lab["exercise"] for p in e.get("tests", [])]
    fake = "#!/usr/bin/env python3\n" + "".join(
        f"print('ok {i + 1} - {p}')\n" for i, p in enumerate(names))
    path = os.path.join(out, "tests", "run.py")
    honest = grade(out, [lab["number"]], jobs=1, quiet=True, in_place=True)
    with open(path, "w") as f:
        f.write(fake)
    cheat = grade(out, [lab["number"]], jobs=1, quiet=True)
    if cheat[lab["number"]][0] != honest[lab["number"]][0]:
        return f"the grade moved from {honest[lab['number']][0]} to {cheat[lab['number']][0]}"
    if not os.path.isdir(os.path.join(out, "build", "grade-tree")):
        return "it was not graded in build/grade-tree"
    return None


def main():
    ap = argparse.ArgumentParser(prog="tools/labs.py", description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the lab numbers, one per line")
    h = sub.add_parser("handout", help="write lab N's handout tree at DIR")
    h.add_argument("lab", type=int)
    h.add_argument("out")
    h.add_argument("--no-build", action="store_true",
                   help="do not copy this tree's build/ into it (a full first build)")
    g = sub.add_parser("grade", help="grade labs (all when none is given)")
    g.add_argument("labs", type=int, nargs="*")
    g.add_argument("--pristine", metavar="DIR", default=os.environ.get("PRISTINE") or None,
                   help="take the tests from this tree (default: the handout commit, else HEAD)")
    g.add_argument("-j", dest="jobs", type=int, default=2)
    c = sub.add_parser("check", help="prove every lab's handout and grader work")
    c.add_argument("labs", type=int, nargs="*")
    c.add_argument("-j", dest="jobs", type=int, default=2)
    c.add_argument("--no-forward", action="store_true",
                   help="do not grade lab N-1 in lab N's handout")
    c.add_argument("--keep", action="store_true", help="keep the handouts in build/labs-check")
    c.add_argument("--no-tree", action="store_true",
                   help="do not grade the complete tree (the caller grades it from its own run)")
    a = ap.parse_args()
    try:
        if a.cmd == "list":
            for n in sorted(load_labs()):
                print(n)
        elif a.cmd == "handout":
            write_handout(a.lab, a.out, seed_build=not a.no_build)
        elif a.cmd == "grade":
            grade(ROOT, a.labs, a.pristine, a.jobs)
        elif a.cmd == "check":
            return 1 if check(a.labs, a.jobs, not a.no_forward, a.keep, not a.no_tree) else 0
    except LabError as e:
        print(f"labs: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
