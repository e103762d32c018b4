/// The census collection year a date falls in: 1 April Y-1 to 31 March Y is year Y.
public enum CollectionYear {
    public static func of(_ d: Day) -> Int {
        let c = d.components
        return c.month >= 4 ? c.year + 1 : c.year
    }
    public static func start(_ y: Int) -> Day { Day(year: y - 1, month: 4, day: 1) ?? Day(number: 0) }
    public static func end(_ y: Int) -> Day { Day(year: y, month: 3, day: 31) ?? Day(number: 0) }
}
