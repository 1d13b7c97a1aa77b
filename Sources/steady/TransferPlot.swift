import Foundation
import Plot

/// The transfer study's PNG: success per stage (grouped bars), one bar per policy.
extension TransferTable {
    /// The stages shown: simulation, shifted simulation, shifted twin, and after fine-tuning
    /// when the study fine-tuned.
    var chart: Chart {
        var stages = ["sim", "shifted sim", "shifted twin", "after fine-tune"]
        let fineTuned = rows.allSatisfy { $0.fineTuned != nil }
        if !fineTuned { stages.removeLast() }
        let series = rows.map { row in
            var values = [row.nominal.successRate, row.shifted.successRate, row.twin.successRate]
            if fineTuned, let after = row.fineTuned { values.append(after.successRate) }
            return BarSeries(name: row.condition, values: values.map { $0 * 100 })
        }
        return Chart(title: "\(robot):reach transfer: success per stage", yLabel: "success %")
            .bars(categories: stages, series: series)
            // Headroom above 100 % for the bars' value labels and the legend.
            .yRange(0...130)
            .yTicks(stride(from: 0, through: 100, by: 20).map { Tick(Double($0), "\($0)") })
    }
}
