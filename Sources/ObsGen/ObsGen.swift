@_exported import PromQL
