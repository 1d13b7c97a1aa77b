import Metrics
import Plot

/// The study's three charts, from the per-configuration summaries.
struct ExplorationStudyPlots {
    let summaries: [StudyConfigurationSummary]
    let environment: String

    /// Where "once per episode" sits on the log2 interval axis: one octave past the largest interval.
    var episodePosition: Double {
        let largest = summaries.map(\.configuration.interval).max() ?? 64
        return Double(max(largest, 1) * 2)
    }

    func position(_ interval: Int) -> Double { interval == -1 ? episodePosition : Double(interval) }

    var intervalTicks: [Tick] {
        Set(summaries.map(\.configuration.interval)).sorted { position($0) < position($1) }
            .map { Tick(position($0), $0 == -1 ? "episode" : String($0)) }
    }

    /// One line per series over the intervals it was run at (a lone point when only one);
    /// per-step baselines (a series run only at interval 1) as dashed horizontal lines. Each
    /// series keeps the colour its points have in the trade-off scatter (palette by first appearance).
    func intervalChart(title: String, yLabel: String, value: (StudyConfigurationSummary) -> MeanStd) -> Chart {
        var keys = [String]()
        for summary in summaries where !keys.contains(summary.configuration.seriesKey) { keys.append(summary.configuration.seriesKey) }
        let ticks = intervalTicks
        let span = (ticks.first?.value ?? 1, ticks.last?.value ?? 2)
        var swept = [LineSeries](), baselines = [LineSeries]()
        for (index, key) in keys.enumerated() {
            let color = RGBColor.paletteColor(index)
            let members = summaries.filter { $0.configuration.seriesKey == key }
                .sorted { position($0.configuration.interval) < position($1.configuration.interval) }
            let label = members[0].configuration.seriesLabel
            let values = members.map(value)
            if members.count == 1 && members[0].configuration.interval == 1 {
                // A per-step baseline: a level to compare the swept lines with.
                baselines.append(LineSeries(name: "\(label) (per step)", x: [span.0, span.1],
                                            y: [values[0].mean, values[0].mean], dashed: true, color: color))
            } else {
                swept.append(LineSeries(name: label, x: members.map { position($0.configuration.interval) }, y: values.map(\.mean),
                                        spread: values.map(\.std), color: color))
            }
        }
        return Chart(title: "\(environment): \(title)", xLabel: "noise sampling interval (steps, log2 axis)", yLabel: yLabel)
            .xScale(.log2).xTicks(ticks).line(series: swept + baselines)
    }

    var returnVersusInterval: Chart {
        intervalChart(title: "final return vs sampling interval", yLabel: "final return (mean ± std over seeds)") { $0.finalReturn }
    }

    var continuityVersusInterval: Chart {
        intervalChart(title: "continuity cost of exploration vs interval", yLabel: "continuity cost (exploring policy)") { $0.continuityCost }
    }

    /// One point per configuration, coloured by series and labelled by interval; Pareto front marked.
    var tradeOff: Chart {
        let points = summaries.map { summary in
            ScatterPoint(x: summary.continuityCost.mean, y: summary.finalReturn.mean, group: summary.configuration.seriesLabel,
                         label: summary.configuration.interval == -1 ? "ep" : String(summary.configuration.interval))
        }
        return Chart(title: "\(environment): return vs continuity cost per configuration",
                     xLabel: "continuity cost of the exploring policy (lower is smoother)", yLabel: "final return")
            .scatter(points: points, front: ParetoFront(x: .minimize, y: .maximize))
    }
}
