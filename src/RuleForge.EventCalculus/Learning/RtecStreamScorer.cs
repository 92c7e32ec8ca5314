using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.Rtec;

namespace RuleForge.EventCalculus.Learning;

/// <summary>
/// Scores a generated activity definition on an event stream with the RTEC engine: the reference event description
/// with that activity's rules replaced by the generated ones, against the reference itself; F1 pools the time-points
/// of every value of the activity (so only the activity's own definition is judged, its prerequisites being the reference's).
/// </summary>
public sealed class RtecStreamScorer : IStreamScorer
{
    private readonly string _referenceFile;
    private readonly string _referenceText;
    private readonly IReadOnlyList<string> _inputs;
    private readonly StreamSettings _stream;
    private readonly string[] _background;

    public RtecStreamScorer(string referenceFile, IReadOnlyList<string> inputs, StreamSettings stream, IReadOnlyList<string> background)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(background);
        _referenceFile = referenceFile;
        _referenceText = File.ReadAllText(referenceFile);
        _inputs = inputs;
        _stream = stream;
        _background = [.. background];
    }

    public Task<double> F1Async(string generatedText, string activity, CancellationToken cancellationToken)
    {
        var spliced = Splice(_referenceText, generatedText, activity);
        var result = RecognitionComparer.Compare(RulesSource.FromText(spliced, _background), RulesSource.FromFile(_referenceFile, _background), _inputs, _stream, cancellationToken);
        long tp = 0, fp = 0, fn = 0;
        foreach (var f in result.Fluents.Where(f => Fluent(f.Name) == activity))
        {
            tp += f.TruePositives;
            fp += f.FalsePositives;
            fn += f.FalseNegatives;
        }

        // Both recognise nothing of the activity on this stream: they agree.
        var f1 = tp + fp + fn == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        return Task.FromResult(f1);
    }

    /// <summary>The reference text without <paramref name="activity"/>'s rules, followed by the generated rules for it.</summary>
    public static string Splice(string referenceText, string generatedText, string activity)
    {
        var kept = Without(referenceText, activity, keep: false);
        var own = Without(generatedText, activity, keep: true);
        return kept + "\n\n% generated definition of " + activity + "\n" + own;
    }

    private static string Fluent(string name)
    {
        var cut = name.IndexOfAny(['/', '(']);
        return cut < 0 ? name : name[..cut];
    }

    // Keeps (or drops) the clauses that define the activity, as written.
    private static string Without(string text, string activity, bool keep)
    {
        var clauses = PrologReader.Parse(text, "rules", SimLp.SimLp.ReadOptions).Clauses;
        var parts = new List<string>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var start = clauses[i].Position.Offset;
            var end = i + 1 < clauses.Count ? clauses[i + 1].Position.Offset : text.Length;
            var defines = ReplyParser.DefinedFluent(clauses[i]) == activity;
            if (defines == keep)
            {
                parts.Add(text[start..end]);
            }
        }

        return string.Join("", parts);
    }
}
