#!/usr/bin/env python3
"""run-workflow-steps.py WORKFLOW.yml JOB STEP_ID...: run the `run:` scripts of the named steps of a GitHub Actions
workflow here, the way the runner would (bash --noprofile --norc -eo pipefail), in order, stopping at the first
failure. The environment is this process's, then the workflow's and the job's `env` for the names it does not set
(so a test can override them), then each step's `env` entries that need no ${{ }} expression. GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY, RUNNER_TEMP and GITHUB_WORKSPACE must be set by the caller. Prints `step ID: exit N`."""
import os
import subprocess
import sys

import yaml

wf = yaml.safe_load(open(sys.argv[1]))
job = wf["jobs"][sys.argv[2]]
steps = {s["id"]: s for s in job["steps"] if "id" in s}
base_env = dict(os.environ)
for scope in (wf.get("env") or {}, job.get("env") or {}):
    for k, v in scope.items():
        base_env.setdefault(k, str(v))
for sid in sys.argv[3:]:
    step = steps[sid]
    env = dict(base_env)
    for k, v in (step.get("env") or {}).items():
        if "${{" not in str(v):
            env[k] = str(v)
    p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env,
                       cwd=env["GITHUB_WORKSPACE"])
    print("step %s: exit %d" % (sid, p.returncode), flush=True)
    if p.returncode != 0:
        sys.exit(p.returncode)
