from askbio.cli import main

main()
