import ObsGenCLI
