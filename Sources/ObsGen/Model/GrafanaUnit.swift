/// A Grafana unit (`fieldConfig.defaults.unit`): the ids of Grafana's unit catalogue
/// (`packages/grafana-data/src/valueFormats/categories.ts`) as typed values, named by their
/// ids (`.percentunit`, `.reqps`, `.s`, `.bytes`) with readable aliases for the common ones
/// (`.seconds`, `.ratio`, `.requestsPerSecond`), Grafana's custom forms (`.suffix("req")`,
/// `.si("B")`, `.count("jobs")`, `.currency("CHF")`, `.time("YYYY-MM-DD")`), and
/// `.custom("…")` or a string literal (`.unit("s")`) as the escape hatch.
public struct GrafanaUnit: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    init(id: String) { self.rawValue = id }
    /// Any unit string, as Grafana would read it (an unknown id shows as a suffix).
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// A unit Grafana does not list: shown as a suffix (`custom("widgets")`).
    public static func custom(_ unit: String) -> GrafanaUnit { GrafanaUnit(rawValue: unit) }
    /// `suffix:<text>`: the value followed by the text.
    public static func suffix(_ text: String) -> GrafanaUnit { GrafanaUnit(rawValue: "suffix:" + text) }
    /// `prefix:<text>`: the text before the value.
    public static func prefix(_ text: String) -> GrafanaUnit { GrafanaUnit(rawValue: "prefix:" + text) }
    /// `si:<unit>`: SI prefixes (k, M, G, …) on a unit (`si:B`; `si:mW` starts at milli).
    public static func si(_ unit: String) -> GrafanaUnit { GrafanaUnit(rawValue: "si:" + unit) }
    /// `count:<unit>`: a count with K/Mil/Bil scaling (`count:jobs`).
    public static func count(_ unit: String) -> GrafanaUnit { GrafanaUnit(rawValue: "count:" + unit) }
    /// `currency:<symbol>`.
    public static func currency(_ symbol: String) -> GrafanaUnit { GrafanaUnit(rawValue: "currency:" + symbol) }
    /// `time:<format>`: a timestamp in a moment.js format (`time:YYYY-MM-DD`).
    public static func time(_ format: String) -> GrafanaUnit { GrafanaUnit(rawValue: "time:" + format) }

    /// Every id of Grafana's unit catalogue.
    public static let catalogue: Set<String> = ["none", "string", "short", "percent", "percentunit", "humidity", "dB", "hex0x", "hex", "sci", "locale", "pixel", "accMS2", "accFS2", "accG", "degree", "radian", "grad", "arcmin", "arcsec", "areaM2", "areaF2", "areaMI2", "flops", "mflops", "gflops", "tflops", "pflops", "eflops", "zflops", "yflops", "ppm", "conppb", "conngm3", "conngNm3", "conμgm3", "conμgNm3", "conmgm3", "conmgNm3", "congm3", "congNm3", "conmgdL", "conmmolL", "currencyUSD", "currencyGBP", "currencyEUR", "currencyJPY", "currencyRUB", "currencyUAH", "currencyBRL", "currencyDKK", "currencyISK", "currencyNOK", "currencySEK", "currencyCZK", "currencyCHF", "currencyPLN", "currencyBTC", "currencymBTC", "currencyμBTC", "currencyZAR", "currencyINR", "currencyKRW", "currencyIDR", "currencyPHP", "currencyVND", "currencyTRY", "bytes", "decbytes", "bits", "decbits", "kbytes", "deckbytes", "mbytes", "decmbytes", "gbytes", "decgbytes", "tbytes", "dectbytes", "pbytes", "decpbytes", "pps", "binBps", "Bps", "binbps", "bps", "KiBs", "Kibits", "KBs", "Kbits", "MiBs", "Mibits", "MBs", "Mbits", "GiBs", "Gibits", "GBs", "Gbits", "TiBs", "Tibits", "TBs", "Tbits", "PiBs", "Pibits", "PBs", "Pbits", "dateTimeAsIso", "dateTimeAsIsoNoDateIfToday", "dateTimeAsUS", "dateTimeAsUSNoDateIfToday", "dateTimeAsLocal", "dateTimeAsLocalNoDateIfToday", "dateTimeAsSystem", "dateTimeFromNow", "watt", "kwatt", "megwatt", "gwatt", "mwatt", "Wm2", "voltamp", "kvoltamp", "voltampreact", "kvoltampreact", "watth", "watthperkg", "kwatth", "kwattm", "amph", "kamph", "mamph", "joule", "ev", "amp", "kamp", "mamp", "volt", "kvolt", "mvolt", "dBm", "ohm", "kohm", "Mohm", "farad", "µfarad", "nfarad", "pfarad", "ffarad", "henry", "mhenry", "µhenry", "lumens", "flowgpm", "flowcms", "flowcfs", "flowcfm", "litreh", "flowlpm", "flowmlpm", "lux", "forceNm", "forcekNm", "forceN", "forcekN", "Hs", "KHs", "MHs", "GHs", "THs", "PHs", "EHs", "massmg", "massg", "masslb", "masskg", "masst", "lengthmm", "lengthin", "lengthft", "lengthm", "lengthkm", "lengthmi", "pressurembar", "pressurebar", "pressurekbar", "pressurepa", "pressurehpa", "pressurekpa", "pressurehg", "pressurepsi", "radbq", "radci", "radgy", "radrad", "radsv", "radmsv", "radusv", "radrem", "radexpckg", "radr", "radsvh", "radmsvh", "radusvh", "rotrpm", "rothz", "rotrads", "rotdegs", "celsius", "fahrenheit", "kelvin", "hertz", "ns", "µs", "ms", "s", "m", "h", "d", "dtdurationms", "dtdurations", "dthms", "dtdhms", "timeticks", "clockms", "clocks", "cps", "ops", "reqps", "rps", "wps", "iops", "eps", "mps", "recps", "rowsps", "cpm", "opm", "reqpm", "rpm", "wpm", "epm", "mpm", "recpm", "rowspm", "velocityms", "velocitykmh", "velocitymph", "velocityknot", "mlitre", "litre", "m3", "Nm3", "dm3", "gallons", "bool", "bool_yes_no", "bool_on_off"]

    /// Whether Grafana knows the unit: a catalogue id or one of its custom forms.
    public var isKnown: Bool {
        if Self.catalogue.contains(rawValue) { return true }
        guard let colon = rawValue.firstIndex(of: ":") else { return false }
        return ["suffix", "prefix", "si", "count", "currency", "time"].contains(String(rawValue[..<colon]))
    }

    // Readable aliases for the units Prometheus metrics are usually in.
    /// seconds (`s`).
    public static let seconds = s
    /// milliseconds (`ms`).
    public static let milliseconds = ms
    /// microseconds (`µs`).
    public static let microseconds = GrafanaUnit(id: "µs")
    /// nanoseconds (`ns`).
    public static let nanoseconds = ns
    /// A ratio 0.0–1.0 shown as a percentage (`percentunit`).
    public static let ratio = percentunit
    /// A plain number (`none`).
    public static let number = none
    /// bytes with IEC prefixes (`bytes`).
    public static let bytesIEC = bytes
    /// bytes with SI prefixes (`decbytes`).
    public static let bytesSI = decbytes
    /// requests per second (`reqps`).
    public static let requestsPerSecond = reqps
    /// operations per second (`ops`).
    public static let operationsPerSecond = ops
    /// bytes per second, SI (`Bps`).
    public static let bytesPerSecond = Bps
    /// A Unix timestamp in seconds shown as a date (`dateTimeAsIso` reads milliseconds; Prometheus
    /// timestamps are seconds, so multiply by 1000 in the query).
    public static let dateTime = dateTimeAsIso

    // Misc
    /// Number.
    public static let none = GrafanaUnit(id: "none")
    /// String.
    public static let string = GrafanaUnit(id: "string")
    /// short.
    public static let short = GrafanaUnit(id: "short")
    /// Percent (0-100).
    public static let percent = GrafanaUnit(id: "percent")
    /// Percent (0.0-1.0).
    public static let percentunit = GrafanaUnit(id: "percentunit")
    /// Humidity (%H).
    public static let humidity = GrafanaUnit(id: "humidity")
    /// Decibel.
    public static let dB = GrafanaUnit(id: "dB")
    /// Hexadecimal (0x).
    public static let hex0x = GrafanaUnit(id: "hex0x")
    /// Hexadecimal.
    public static let hex = GrafanaUnit(id: "hex")
    /// Scientific notation.
    public static let sci = GrafanaUnit(id: "sci")
    /// Locale format.
    public static let locale = GrafanaUnit(id: "locale")
    /// Pixels.
    public static let pixel = GrafanaUnit(id: "pixel")

    // Acceleration
    /// Meters/sec².
    public static let accMS2 = GrafanaUnit(id: "accMS2")
    /// Feet/sec².
    public static let accFS2 = GrafanaUnit(id: "accFS2")
    /// G unit.
    public static let accG = GrafanaUnit(id: "accG")

    // Angle
    /// Degrees (°).
    public static let degree = GrafanaUnit(id: "degree")
    /// Radians.
    public static let radian = GrafanaUnit(id: "radian")
    /// Gradian.
    public static let grad = GrafanaUnit(id: "grad")
    /// Arc Minutes.
    public static let arcmin = GrafanaUnit(id: "arcmin")
    /// Arc Seconds.
    public static let arcsec = GrafanaUnit(id: "arcsec")

    // Area
    /// Square Meters (m²).
    public static let areaM2 = GrafanaUnit(id: "areaM2")
    /// Square Feet (ft²).
    public static let areaF2 = GrafanaUnit(id: "areaF2")
    /// Square Miles (mi²).
    public static let areaMI2 = GrafanaUnit(id: "areaMI2")

    // Computation
    /// FLOP/s.
    public static let flops = GrafanaUnit(id: "flops")
    /// MFLOP/s.
    public static let mflops = GrafanaUnit(id: "mflops")
    /// GFLOP/s.
    public static let gflops = GrafanaUnit(id: "gflops")
    /// TFLOP/s.
    public static let tflops = GrafanaUnit(id: "tflops")
    /// PFLOP/s.
    public static let pflops = GrafanaUnit(id: "pflops")
    /// EFLOP/s.
    public static let eflops = GrafanaUnit(id: "eflops")
    /// ZFLOP/s.
    public static let zflops = GrafanaUnit(id: "zflops")
    /// YFLOP/s.
    public static let yflops = GrafanaUnit(id: "yflops")

    // Concentration
    /// parts-per-million (ppm).
    public static let ppm = GrafanaUnit(id: "ppm")
    /// parts-per-billion (ppb).
    public static let conppb = GrafanaUnit(id: "conppb")
    /// nanogram per cubic meter (ng/m³).
    public static let conngm3 = GrafanaUnit(id: "conngm3")
    /// nanogram per normal cubic meter (ng/Nm³).
    public static let conngNm3 = GrafanaUnit(id: "conngNm3")
    /// microgram per cubic meter (μg/m³).
    public static let conμgm3 = GrafanaUnit(id: "conμgm3")
    /// microgram per normal cubic meter (μg/Nm³).
    public static let conμgNm3 = GrafanaUnit(id: "conμgNm3")
    /// milligram per cubic meter (mg/m³).
    public static let conmgm3 = GrafanaUnit(id: "conmgm3")
    /// milligram per normal cubic meter (mg/Nm³).
    public static let conmgNm3 = GrafanaUnit(id: "conmgNm3")
    /// gram per cubic meter (g/m³).
    public static let congm3 = GrafanaUnit(id: "congm3")
    /// gram per normal cubic meter (g/Nm³).
    public static let congNm3 = GrafanaUnit(id: "congNm3")
    /// milligrams per decilitre (mg/dL).
    public static let conmgdL = GrafanaUnit(id: "conmgdL")
    /// millimoles per litre (mmol/L).
    public static let conmmolL = GrafanaUnit(id: "conmmolL")

    // Currency
    /// Dollars ($).
    public static let currencyUSD = GrafanaUnit(id: "currencyUSD")
    /// Pounds (£).
    public static let currencyGBP = GrafanaUnit(id: "currencyGBP")
    /// Euro (€).
    public static let currencyEUR = GrafanaUnit(id: "currencyEUR")
    /// Yen (¥).
    public static let currencyJPY = GrafanaUnit(id: "currencyJPY")
    /// Rubles (₽).
    public static let currencyRUB = GrafanaUnit(id: "currencyRUB")
    /// Hryvnias (₴).
    public static let currencyUAH = GrafanaUnit(id: "currencyUAH")
    /// Real (R$).
    public static let currencyBRL = GrafanaUnit(id: "currencyBRL")
    /// Danish Krone (kr).
    public static let currencyDKK = GrafanaUnit(id: "currencyDKK")
    /// Icelandic Króna (kr).
    public static let currencyISK = GrafanaUnit(id: "currencyISK")
    /// Norwegian Krone (kr).
    public static let currencyNOK = GrafanaUnit(id: "currencyNOK")
    /// Swedish Krona (kr).
    public static let currencySEK = GrafanaUnit(id: "currencySEK")
    /// Czech koruna (czk).
    public static let currencyCZK = GrafanaUnit(id: "currencyCZK")
    /// Swiss franc (CHF).
    public static let currencyCHF = GrafanaUnit(id: "currencyCHF")
    /// Polish Złoty (PLN).
    public static let currencyPLN = GrafanaUnit(id: "currencyPLN")
    /// Bitcoin (฿).
    public static let currencyBTC = GrafanaUnit(id: "currencyBTC")
    /// Milli Bitcoin (฿).
    public static let currencymBTC = GrafanaUnit(id: "currencymBTC")
    /// Micro Bitcoin (฿).
    public static let currencyμBTC = GrafanaUnit(id: "currencyμBTC")
    /// South African Rand (R).
    public static let currencyZAR = GrafanaUnit(id: "currencyZAR")
    /// Indian Rupee (₹).
    public static let currencyINR = GrafanaUnit(id: "currencyINR")
    /// South Korean Won (₩).
    public static let currencyKRW = GrafanaUnit(id: "currencyKRW")
    /// Indonesian Rupiah (Rp).
    public static let currencyIDR = GrafanaUnit(id: "currencyIDR")
    /// Philippine Peso (PHP).
    public static let currencyPHP = GrafanaUnit(id: "currencyPHP")
    /// Vietnamese Dong (VND).
    public static let currencyVND = GrafanaUnit(id: "currencyVND")
    /// Turkish Lira (₺).
    public static let currencyTRY = GrafanaUnit(id: "currencyTRY")

    // Data
    /// bytes(IEC).
    public static let bytes = GrafanaUnit(id: "bytes")
    /// bytes(SI).
    public static let decbytes = GrafanaUnit(id: "decbytes")
    /// bits(IEC).
    public static let bits = GrafanaUnit(id: "bits")
    /// bits(SI).
    public static let decbits = GrafanaUnit(id: "decbits")
    /// kibibytes.
    public static let kbytes = GrafanaUnit(id: "kbytes")
    /// kilobytes.
    public static let deckbytes = GrafanaUnit(id: "deckbytes")
    /// mebibytes.
    public static let mbytes = GrafanaUnit(id: "mbytes")
    /// megabytes.
    public static let decmbytes = GrafanaUnit(id: "decmbytes")
    /// gibibytes.
    public static let gbytes = GrafanaUnit(id: "gbytes")
    /// gigabytes.
    public static let decgbytes = GrafanaUnit(id: "decgbytes")
    /// tebibytes.
    public static let tbytes = GrafanaUnit(id: "tbytes")
    /// terabytes.
    public static let dectbytes = GrafanaUnit(id: "dectbytes")
    /// pebibytes.
    public static let pbytes = GrafanaUnit(id: "pbytes")
    /// petabytes.
    public static let decpbytes = GrafanaUnit(id: "decpbytes")

    // Data rate
    /// packets/sec.
    public static let pps = GrafanaUnit(id: "pps")
    /// bytes/sec(IEC).
    public static let binBps = GrafanaUnit(id: "binBps")
    /// bytes/sec(SI).
    public static let Bps = GrafanaUnit(id: "Bps")
    /// bits/sec(IEC).
    public static let binbps = GrafanaUnit(id: "binbps")
    /// bits/sec(SI).
    public static let bps = GrafanaUnit(id: "bps")
    /// kibibytes/sec.
    public static let KiBs = GrafanaUnit(id: "KiBs")
    /// kibibits/sec.
    public static let Kibits = GrafanaUnit(id: "Kibits")
    /// kilobytes/sec.
    public static let KBs = GrafanaUnit(id: "KBs")
    /// kilobits/sec.
    public static let Kbits = GrafanaUnit(id: "Kbits")
    /// mebibytes/sec.
    public static let MiBs = GrafanaUnit(id: "MiBs")
    /// mebibits/sec.
    public static let Mibits = GrafanaUnit(id: "Mibits")
    /// megabytes/sec.
    public static let MBs = GrafanaUnit(id: "MBs")
    /// megabits/sec.
    public static let Mbits = GrafanaUnit(id: "Mbits")
    /// gibibytes/sec.
    public static let GiBs = GrafanaUnit(id: "GiBs")
    /// gibibits/sec.
    public static let Gibits = GrafanaUnit(id: "Gibits")
    /// gigabytes/sec.
    public static let GBs = GrafanaUnit(id: "GBs")
    /// gigabits/sec.
    public static let Gbits = GrafanaUnit(id: "Gbits")
    /// tebibytes/sec.
    public static let TiBs = GrafanaUnit(id: "TiBs")
    /// tebibits/sec.
    public static let Tibits = GrafanaUnit(id: "Tibits")
    /// terabytes/sec.
    public static let TBs = GrafanaUnit(id: "TBs")
    /// terabits/sec.
    public static let Tbits = GrafanaUnit(id: "Tbits")
    /// pebibytes/sec.
    public static let PiBs = GrafanaUnit(id: "PiBs")
    /// pebibits/sec.
    public static let Pibits = GrafanaUnit(id: "Pibits")
    /// petabytes/sec.
    public static let PBs = GrafanaUnit(id: "PBs")
    /// petabits/sec.
    public static let Pbits = GrafanaUnit(id: "Pbits")

    // Date & time
    /// Datetime ISO.
    public static let dateTimeAsIso = GrafanaUnit(id: "dateTimeAsIso")
    /// Datetime ISO (No date if today).
    public static let dateTimeAsIsoNoDateIfToday = GrafanaUnit(id: "dateTimeAsIsoNoDateIfToday")
    /// Datetime US.
    public static let dateTimeAsUS = GrafanaUnit(id: "dateTimeAsUS")
    /// Datetime US (No date if today).
    public static let dateTimeAsUSNoDateIfToday = GrafanaUnit(id: "dateTimeAsUSNoDateIfToday")
    /// Datetime local.
    public static let dateTimeAsLocal = GrafanaUnit(id: "dateTimeAsLocal")
    /// Datetime local (No date if today).
    public static let dateTimeAsLocalNoDateIfToday = GrafanaUnit(id: "dateTimeAsLocalNoDateIfToday")
    /// Datetime default.
    public static let dateTimeAsSystem = GrafanaUnit(id: "dateTimeAsSystem")
    /// From Now.
    public static let dateTimeFromNow = GrafanaUnit(id: "dateTimeFromNow")

    // Energy
    /// Watt (W).
    public static let watt = GrafanaUnit(id: "watt")
    /// Kilowatt (kW).
    public static let kwatt = GrafanaUnit(id: "kwatt")
    /// Megawatt (MW).
    public static let megwatt = GrafanaUnit(id: "megwatt")
    /// Gigawatt (GW).
    public static let gwatt = GrafanaUnit(id: "gwatt")
    /// Milliwatt (mW).
    public static let mwatt = GrafanaUnit(id: "mwatt")
    /// Watt per square meter (W/m²).
    public static let Wm2 = GrafanaUnit(id: "Wm2")
    /// Volt-Ampere (VA).
    public static let voltamp = GrafanaUnit(id: "voltamp")
    /// Kilovolt-Ampere (kVA).
    public static let kvoltamp = GrafanaUnit(id: "kvoltamp")
    /// Volt-Ampere reactive (VAr).
    public static let voltampreact = GrafanaUnit(id: "voltampreact")
    /// Kilovolt-Ampere reactive (kVAr).
    public static let kvoltampreact = GrafanaUnit(id: "kvoltampreact")
    /// Watt-hour (Wh).
    public static let watth = GrafanaUnit(id: "watth")
    /// Watt-hour per Kilogram (Wh/kg).
    public static let watthperkg = GrafanaUnit(id: "watthperkg")
    /// Kilowatt-hour (kWh).
    public static let kwatth = GrafanaUnit(id: "kwatth")
    /// Kilowatt-min (kWm).
    public static let kwattm = GrafanaUnit(id: "kwattm")
    /// Ampere-hour (Ah).
    public static let amph = GrafanaUnit(id: "amph")
    /// Kiloampere-hour (kAh).
    public static let kamph = GrafanaUnit(id: "kamph")
    /// Milliampere-hour (mAh).
    public static let mamph = GrafanaUnit(id: "mamph")
    /// Joule (J).
    public static let joule = GrafanaUnit(id: "joule")
    /// Electron volt (eV).
    public static let ev = GrafanaUnit(id: "ev")
    /// Ampere (A).
    public static let amp = GrafanaUnit(id: "amp")
    /// Kiloampere (kA).
    public static let kamp = GrafanaUnit(id: "kamp")
    /// Milliampere (mA).
    public static let mamp = GrafanaUnit(id: "mamp")
    /// Volt (V).
    public static let volt = GrafanaUnit(id: "volt")
    /// Kilovolt (kV).
    public static let kvolt = GrafanaUnit(id: "kvolt")
    /// Millivolt (mV).
    public static let mvolt = GrafanaUnit(id: "mvolt")
    /// Decibel-milliwatt (dBm).
    public static let dBm = GrafanaUnit(id: "dBm")
    /// Ohm (Ω).
    public static let ohm = GrafanaUnit(id: "ohm")
    /// Kiloohm (kΩ).
    public static let kohm = GrafanaUnit(id: "kohm")
    /// Megaohm (MΩ).
    public static let Mohm = GrafanaUnit(id: "Mohm")
    /// Farad (F).
    public static let farad = GrafanaUnit(id: "farad")
    /// Microfarad (µF).
    public static let µfarad = GrafanaUnit(id: "µfarad")
    /// Nanofarad (nF).
    public static let nfarad = GrafanaUnit(id: "nfarad")
    /// Picofarad (pF).
    public static let pfarad = GrafanaUnit(id: "pfarad")
    /// Femtofarad (fF).
    public static let ffarad = GrafanaUnit(id: "ffarad")
    /// Henry (H).
    public static let henry = GrafanaUnit(id: "henry")
    /// Millihenry (mH).
    public static let mhenry = GrafanaUnit(id: "mhenry")
    /// Microhenry (µH).
    public static let µhenry = GrafanaUnit(id: "µhenry")
    /// Lumens (Lm).
    public static let lumens = GrafanaUnit(id: "lumens")

    // Flow
    /// Gallons/min (gpm).
    public static let flowgpm = GrafanaUnit(id: "flowgpm")
    /// Cubic meters/sec (cms).
    public static let flowcms = GrafanaUnit(id: "flowcms")
    /// Cubic feet/sec (cfs).
    public static let flowcfs = GrafanaUnit(id: "flowcfs")
    /// Cubic feet/min (cfm).
    public static let flowcfm = GrafanaUnit(id: "flowcfm")
    /// Litre/hour.
    public static let litreh = GrafanaUnit(id: "litreh")
    /// Litre/min (L/min).
    public static let flowlpm = GrafanaUnit(id: "flowlpm")
    /// milliLitre/min (mL/min).
    public static let flowmlpm = GrafanaUnit(id: "flowmlpm")
    /// Lux (lx).
    public static let lux = GrafanaUnit(id: "lux")

    // Force
    /// Newton-meters (Nm).
    public static let forceNm = GrafanaUnit(id: "forceNm")
    /// Kilonewton-meters (kNm).
    public static let forcekNm = GrafanaUnit(id: "forcekNm")
    /// Newtons (N).
    public static let forceN = GrafanaUnit(id: "forceN")
    /// Kilonewtons (kN).
    public static let forcekN = GrafanaUnit(id: "forcekN")

    // Hash rate
    /// hashes/sec.
    public static let Hs = GrafanaUnit(id: "Hs")
    /// kilohashes/sec.
    public static let KHs = GrafanaUnit(id: "KHs")
    /// megahashes/sec.
    public static let MHs = GrafanaUnit(id: "MHs")
    /// gigahashes/sec.
    public static let GHs = GrafanaUnit(id: "GHs")
    /// terahashes/sec.
    public static let THs = GrafanaUnit(id: "THs")
    /// petahashes/sec.
    public static let PHs = GrafanaUnit(id: "PHs")
    /// exahashes/sec.
    public static let EHs = GrafanaUnit(id: "EHs")

    // Mass
    /// milligram (mg).
    public static let massmg = GrafanaUnit(id: "massmg")
    /// gram (g).
    public static let massg = GrafanaUnit(id: "massg")
    /// pound (lb).
    public static let masslb = GrafanaUnit(id: "masslb")
    /// kilogram (kg).
    public static let masskg = GrafanaUnit(id: "masskg")
    /// metric ton (t).
    public static let masst = GrafanaUnit(id: "masst")

    // Length
    /// millimeter (mm).
    public static let lengthmm = GrafanaUnit(id: "lengthmm")
    /// inch (in).
    public static let lengthin = GrafanaUnit(id: "lengthin")
    /// feet (ft).
    public static let lengthft = GrafanaUnit(id: "lengthft")
    /// meter (m).
    public static let lengthm = GrafanaUnit(id: "lengthm")
    /// kilometer (km).
    public static let lengthkm = GrafanaUnit(id: "lengthkm")
    /// mile (mi).
    public static let lengthmi = GrafanaUnit(id: "lengthmi")

    // Pressure
    /// Millibars.
    public static let pressurembar = GrafanaUnit(id: "pressurembar")
    /// Bars.
    public static let pressurebar = GrafanaUnit(id: "pressurebar")
    /// Kilobars.
    public static let pressurekbar = GrafanaUnit(id: "pressurekbar")
    /// Pascals.
    public static let pressurepa = GrafanaUnit(id: "pressurepa")
    /// Hectopascals.
    public static let pressurehpa = GrafanaUnit(id: "pressurehpa")
    /// Kilopascals.
    public static let pressurekpa = GrafanaUnit(id: "pressurekpa")
    /// Inches of mercury.
    public static let pressurehg = GrafanaUnit(id: "pressurehg")
    /// PSI.
    public static let pressurepsi = GrafanaUnit(id: "pressurepsi")

    // Radiation
    /// Becquerel (Bq).
    public static let radbq = GrafanaUnit(id: "radbq")
    /// curie (Ci).
    public static let radci = GrafanaUnit(id: "radci")
    /// Gray (Gy).
    public static let radgy = GrafanaUnit(id: "radgy")
    /// rad.
    public static let radrad = GrafanaUnit(id: "radrad")
    /// Sievert (Sv).
    public static let radsv = GrafanaUnit(id: "radsv")
    /// milliSievert (mSv).
    public static let radmsv = GrafanaUnit(id: "radmsv")
    /// microSievert (µSv).
    public static let radusv = GrafanaUnit(id: "radusv")
    /// rem.
    public static let radrem = GrafanaUnit(id: "radrem")
    /// Exposure (C/kg).
    public static let radexpckg = GrafanaUnit(id: "radexpckg")
    /// roentgen (R).
    public static let radr = GrafanaUnit(id: "radr")
    /// Sievert/hour (Sv/h).
    public static let radsvh = GrafanaUnit(id: "radsvh")
    /// milliSievert/hour (mSv/h).
    public static let radmsvh = GrafanaUnit(id: "radmsvh")
    /// microSievert/hour (µSv/h).
    public static let radusvh = GrafanaUnit(id: "radusvh")

    // Rotational Speed
    /// Revolutions per minute (rpm).
    public static let rotrpm = GrafanaUnit(id: "rotrpm")
    /// Hertz (Hz).
    public static let rothz = GrafanaUnit(id: "rothz")
    /// Radians per second (rad/s).
    public static let rotrads = GrafanaUnit(id: "rotrads")
    /// Degrees per second (°/s).
    public static let rotdegs = GrafanaUnit(id: "rotdegs")

    // Temperature
    /// Celsius (°C).
    public static let celsius = GrafanaUnit(id: "celsius")
    /// Fahrenheit (°F).
    public static let fahrenheit = GrafanaUnit(id: "fahrenheit")
    /// Kelvin (K).
    public static let kelvin = GrafanaUnit(id: "kelvin")

    // Time
    /// Hertz (1/s).
    public static let hertz = GrafanaUnit(id: "hertz")
    /// nanoseconds (ns).
    public static let ns = GrafanaUnit(id: "ns")
    /// microseconds (µs).
    public static let µs = GrafanaUnit(id: "µs")
    /// milliseconds (ms).
    public static let ms = GrafanaUnit(id: "ms")
    /// seconds (s).
    public static let s = GrafanaUnit(id: "s")
    /// minutes (m).
    public static let m = GrafanaUnit(id: "m")
    /// hours (h).
    public static let h = GrafanaUnit(id: "h")
    /// days (d).
    public static let d = GrafanaUnit(id: "d")
    /// duration (ms).
    public static let dtdurationms = GrafanaUnit(id: "dtdurationms")
    /// duration (s).
    public static let dtdurations = GrafanaUnit(id: "dtdurations")
    /// duration (hh:mm:ss).
    public static let dthms = GrafanaUnit(id: "dthms")
    /// duration (d hh:mm:ss).
    public static let dtdhms = GrafanaUnit(id: "dtdhms")
    /// Timeticks (s/100).
    public static let timeticks = GrafanaUnit(id: "timeticks")
    /// clock (ms).
    public static let clockms = GrafanaUnit(id: "clockms")
    /// clock (s).
    public static let clocks = GrafanaUnit(id: "clocks")

    // Throughput
    /// counts/sec (cps).
    public static let cps = GrafanaUnit(id: "cps")
    /// ops/sec (ops).
    public static let ops = GrafanaUnit(id: "ops")
    /// requests/sec (rps).
    public static let reqps = GrafanaUnit(id: "reqps")
    /// reads/sec (rps).
    public static let rps = GrafanaUnit(id: "rps")
    /// writes/sec (wps).
    public static let wps = GrafanaUnit(id: "wps")
    /// I/O ops/sec (iops).
    public static let iops = GrafanaUnit(id: "iops")
    /// events/sec (eps).
    public static let eps = GrafanaUnit(id: "eps")
    /// messages/sec (mps).
    public static let mps = GrafanaUnit(id: "mps")
    /// records/sec (rps).
    public static let recps = GrafanaUnit(id: "recps")
    /// rows/sec (rps).
    public static let rowsps = GrafanaUnit(id: "rowsps")
    /// counts/min (cpm).
    public static let cpm = GrafanaUnit(id: "cpm")
    /// ops/min (opm).
    public static let opm = GrafanaUnit(id: "opm")
    /// requests/min (rpm).
    public static let reqpm = GrafanaUnit(id: "reqpm")
    /// reads/min (rpm).
    public static let rpm = GrafanaUnit(id: "rpm")
    /// writes/min (wpm).
    public static let wpm = GrafanaUnit(id: "wpm")
    /// events/min (epm).
    public static let epm = GrafanaUnit(id: "epm")
    /// messages/min (mpm).
    public static let mpm = GrafanaUnit(id: "mpm")
    /// records/min (rpm).
    public static let recpm = GrafanaUnit(id: "recpm")
    /// rows/min (rpm).
    public static let rowspm = GrafanaUnit(id: "rowspm")

    // Velocity
    /// meters/second (m/s).
    public static let velocityms = GrafanaUnit(id: "velocityms")
    /// kilometers/hour (km/h).
    public static let velocitykmh = GrafanaUnit(id: "velocitykmh")
    /// miles/hour (mph).
    public static let velocitymph = GrafanaUnit(id: "velocitymph")
    /// knot (kn).
    public static let velocityknot = GrafanaUnit(id: "velocityknot")

    // Volume
    /// millilitre (mL).
    public static let mlitre = GrafanaUnit(id: "mlitre")
    /// litre (L).
    public static let litre = GrafanaUnit(id: "litre")
    /// cubic meter.
    public static let m3 = GrafanaUnit(id: "m3")
    /// Normal cubic meter.
    public static let Nm3 = GrafanaUnit(id: "Nm3")
    /// cubic decimeter.
    public static let dm3 = GrafanaUnit(id: "dm3")
    /// gallons.
    public static let gallons = GrafanaUnit(id: "gallons")

    // Boolean
    /// True / False.
    public static let bool = GrafanaUnit(id: "bool")
    /// Yes / No.
    public static let bool_yes_no = GrafanaUnit(id: "bool_yes_no")
    /// On / Off.
    public static let bool_on_off = GrafanaUnit(id: "bool_on_off")
}

extension GrafanaUnit {
    /// The Grafana unit for a metric's base unit (seconds → `s`, ratio → `percentunit`, …).
    public init(_ unit: MetricUnit) {
        switch unit {
        case .seconds: self = .s
        case .bytes: self = .bytes
        case .ratio: self = .percentunit
        case .percent: self = .percent
        case .celsius: self = .celsius
        case .volts: self = .volt
        case .amperes: self = .amp
        case .joules: self = .joule
        case .grams: self = .massg
        case .meters: self = .lengthm
        case .count: self = .none
        }
    }
}
