namespace RuleForge.Testing.Rtec;

/// <summary>Our own small RTEC definitions (written for the tests, not the published ones), shared by the EC loop tests of the library and the CLI.</summary>
public static class RtecSamples
{
    /// <summary>The reference definition of the msa <c>withinArea</c> fluent (a prerequisite of <c>gap</c>): entering and leaving areas of a type.</summary>
    public const string WithinAreaReference = """
        initiatedAt(withinArea(V, AT)=true, T) :- happensAt(entersArea(V, A), T), areaType(A, AT).
        terminatedAt(withinArea(V, AT)=true, T) :- happensAt(leavesArea(V, A), T), areaType(A, AT).
        """;

    /// <summary>The reference definition of the msa <c>gap</c> fluent: a gap starts near ports or far from them and ends with <c>gap_end</c>.</summary>
    public const string GapReference = """
        initiatedAt(gap(V)=nearPorts, T) :- happensAt(gap_start(V), T), holdsAt(withinArea(V, nearPorts)=true, T).
        initiatedAt(gap(V)=farFromPorts, T) :- happensAt(gap_start(V), T), \+ holdsAt(withinArea(V, nearPorts)=true, T).
        terminatedAt(gap(V)=_S, T) :- happensAt(gap_end(V), T).
        """;

    /// <summary>A correct <c>gap</c> definition as a model would write it (its own variable names, one literal per line), without a code fence.</summary>
    public const string GapDefinition = """
        initiatedAt(gap(Vessel)=nearPorts, T) :-
            happensAt(gap_start(Vessel), T),
            holdsAt(withinArea(Vessel, nearPorts)=true, T).
        initiatedAt(gap(Vessel)=farFromPorts, T) :-
            happensAt(gap_start(Vessel), T),
            \+ holdsAt(withinArea(Vessel, nearPorts)=true, T).
        terminatedAt(gap(Vessel)=_Status, T) :-
            happensAt(gap_end(Vessel), T).
        """;

    /// <summary><see cref="GapDefinition"/> with one wrong body literal: the farFromPorts rule tests <c>stop_start</c> instead of <c>gap_start</c> (scores below 1).</summary>
    public static readonly string GapWrongLiteral = GapDefinition.Replace("happensAt(gap_start(Vessel), T),\n    \\+", "happensAt(stop_start(Vessel), T),\n    \\+", StringComparison.Ordinal);

    /// <summary>Code as a model replies with it: in one fenced Prolog block.</summary>
    public static string Fenced(string code) => "```prolog\n" + code.Trim() + "\n```";
}
