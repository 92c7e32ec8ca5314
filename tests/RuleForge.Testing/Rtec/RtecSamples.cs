namespace RuleForge.Testing.Rtec;

/// <summary>Our own small RTEC definitions (written for the tests, not the published ones), shared by the EC loop tests of the library and the CLI.</summary>
public static class RtecSamples
{
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
}
