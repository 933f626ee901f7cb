import ObsGenCLI

ObsgenCommand.runMain()
