using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Models;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary>Flags shared by the forecast commands and how they become a dataset and a model spec.</summary>
internal sealed class ForecastOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "CSV or JSONL time series (time index: a date column, or year+quarter/month columns)", Required = true };

    public Option<string> Target { get; } = new("--target") { Description = "Variable to forecast", Required = true };

    public Option<string> Model { get; } = new("--model") { Description = "Baseline: persistence, seasonal-naive, ridge, mlp", DefaultValueFactory = _ => "ridge" };

    public Option<int> Lags { get; } = new("--lags") { Description = "Lags of the target (AR order)", DefaultValueFactory = _ => 4 };

    public Option<string[]> Exog { get; } = new("--exog") { Description = "Exogenous variables (their lags enter the ridge model)", AllowMultipleArgumentsPerToken = true };

    public Option<int> Horizon { get; } = new("--horizon") { Description = "Steps ahead", DefaultValueFactory = _ => 1 };

    public Option<double> Ridge { get; } = new("--ridge") { Description = "Ridge penalty λ on the slopes", DefaultValueFactory = _ => 1e-8 };

    public Option<int?> Window { get; } = new("--window") { Description = "Rolling training window in rows (default: expanding)" };

    public Option<string?> TimeColumn { get; } = new("--time-column") { Description = "Date/timestamp column of the time index (default: auto-detect date/time, then year+quarter|month)" };

    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };

    public void AddTo(Command command, bool model = true)
    {
        command.Options.Add(Data);
        command.Options.Add(Target);
        if (model)
        {
            command.Options.Add(Model);
        }

        command.Options.Add(Lags);
        command.Options.Add(Exog);
        command.Options.Add(Horizon);
        command.Options.Add(Ridge);
        command.Options.Add(Window);
        command.Options.Add(TimeColumn);
        command.Options.Add(Seed);
    }

    public Task<TimeSeriesFrame> ReadAsync(CommandContext ctx, CancellationToken ct)
    {
        var column = ctx.Parse.GetValue(TimeColumn);
        return TimeSeriesReader.ReadAsync(ctx.Value(Data), column is null ? TimeIndexSpec.Auto : new TimeIndexSpec { DateColumn = column }, ct);
    }

    public ForecastSpec Spec(CommandContext ctx, TimeSeriesFrame frame)
    {
        var spec = new ForecastSpec
        {
            Target = ctx.Value(Target),
            Lags = ctx.Value(Lags),
            Exogenous = ctx.Parse.GetValue(Exog) ?? [],
            Horizon = ctx.Value(Horizon),
            Ridge = ctx.Value(Ridge),
            Window = ctx.Parse.GetValue(Window),
        };
        spec.Validate();
        frame.Column(spec.Target);
        foreach (var x in spec.Exogenous)
        {
            frame.Column(x);
        }

        return spec;
    }

    /// <summary>Parses a date flag (yyyy-MM-dd, an ISO timestamp, yyyy-Qn or a year).</summary>
    public static DateTime ParseDate(string text, string flag)
    {
        text = text.Trim();
        var quarter = System.Text.RegularExpressions.Regex.Match(text, "^([0-9]{4})-?[Qq]([1-4])$");
        if (quarter.Success)
        {
            var year = int.Parse(quarter.Groups[1].Value, CultureInfo.InvariantCulture);
            var q = int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture);
            return new DateTime(year, ((q - 1) * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM", "yyyy"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
        {
            return d;
        }

        throw new InputException($"{flag}: '{text}' is not a date (use yyyy-MM-dd, yyyy-Qn or yyyy)");
    }
}
