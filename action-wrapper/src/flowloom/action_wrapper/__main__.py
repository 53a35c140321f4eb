"""`python -m flowloom.action_wrapper serve …`: the console script without its launcher, whose
shebang names the interpreter where the environment was built (not where a sandbox shows it)."""

from flowloom.action_wrapper.main import main

main()
