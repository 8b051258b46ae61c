from callmate.cli import main

main()
