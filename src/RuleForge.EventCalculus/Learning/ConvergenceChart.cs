using System.Globalization;
using System.Net;
using System.Text;

namespace RuleForge.EventCalculus.Learning;

/// <summary>An SVG line chart of score per iteration, one line per activity (written by hand: a few elements, no charting library needed).</summary>
public static class ConvergenceChart
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Svg(string title, IReadOnlyList<ActivityOutcome> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        const double Left = 50, Top = 30, Width = 520, Height = 260;
        var lines = activities.Where(a => a.Scores.Count > 0).ToList();
        var maxIter = Math.Max(2, lines.Select(a => a.Scores.Count).DefaultIfEmpty(1).Max());
        var legendHeight = 18 * lines.Count;
        var s = new StringBuilder();
        string F(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        double X(int iteration) => Left + (iteration - 1) * Width / (maxIter - 1);
        double Y(double score) => Top + (1 - Math.Clamp(score, 0, 1)) * Height;

        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Left + Width + 40)}\" height=\"{F(Top + Height + 50 + legendHeight)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"18\" font-size=\"14\">{WebUtility.HtmlEncode(title)}</text>\n");
        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Width)}\" height=\"{F(Height)}\" fill=\"none\" stroke=\"#999\"/>\n");
        for (var k = 0; k <= 4; k++)
        {
            var v = k / 4.0;
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" x2=\"{F(Left + Width)}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#eee\"/><text x=\"{F(Left - 8)}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{F(v)}</text>\n");
        }

        for (var i = 1; i <= maxIter; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{F(Top + Height + 16)}\" text-anchor=\"middle\">{i}</text>\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + Width / 2)}\" y=\"{F(Top + Height + 32)}\" text-anchor=\"middle\">iteration</text>\n");
        for (var a = 0; a < lines.Count; a++)
        {
            var color = Palette[a % Palette.Length];
            var points = string.Join(" ", lines[a].Scores.Select((score, i) => $"{F(X(i + 1))},{F(Y(score))}"));
            s.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            for (var i = 0; i < lines[a].Scores.Count; i++)
            {
                var r = lines[a].BestIteration == i + 1 ? 5 : 3;
                s.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i + 1))}\" cy=\"{F(Y(lines[a].Scores[i]))}\" r=\"{r}\" fill=\"{color}\"><title>{WebUtility.HtmlEncode(lines[a].Name)} #{i + 1}: {F(lines[a].Scores[i])}</title></circle>\n");
            }

            var ly = Top + Height + 50 + 18 * a;
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(ly - 10)}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{F(Left + 18)}\" y=\"{F(ly)}\">{WebUtility.HtmlEncode(lines[a].Name)} (best {F(lines[a].BestScore)} at {lines[a].BestIteration?.ToString(CultureInfo.InvariantCulture) ?? "-"})</text>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }
}
