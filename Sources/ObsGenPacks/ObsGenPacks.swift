import ObsGen
