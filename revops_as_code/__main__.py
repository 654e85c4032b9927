"""`python -m revops_as_code` runs the same CLI as the `revops` console script."""

from revops_as_code.cli.main import main

if __name__ == "__main__":
    main()
