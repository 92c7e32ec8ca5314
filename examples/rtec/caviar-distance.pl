/*
 * CAVIAR distance fluents, written as RuleForge derived point fluents.
 *
 * RTEC computes these in an application hook (pre-processing.prolog) that reads and asserts RTEC's internal
 * lists. RuleForge instead lets background knowledge declare an input-like point fluent:
 *
 *     derivedPoint(Fluent=Value, T) :- Body.
 *
 * In every window, each solution of Body (with T a time-point of the window) is a point of Fluent=Value; the points
 * become maximal intervals exactly as buildFromPoints/1 builds them (points at most one clock tick apart form one
 * interval; a run that reaches the query time stays open). Like RTEC's hook, the intervals are computed from the
 * current window's points only. holdsAtIE/2 reads the window's input points; id/1 is CAVIAR's dynamic domain.
 *
 * Load with: ruleforge ec run --rules rules.prolog --background examples/rtec/caviar-distance.pl --tick 40 ...
 */

derivedPoint(distance(Id1, Id2, Threshold)=true, T) :-
    holdsAtIE(coord(Id1, X1, Y1)=true, T),
    id(Id1),
    holdsAtIE(coord(Id2, X2, Y2)=true, T),
    Id1 @< Id2,
    id(Id2),
    XDiff is abs(X1 - X2),
    YDiff is abs(Y1 - Y2),
    D is sqrt(XDiff * XDiff + YDiff * YDiff),
    distanceThreshold(D, Threshold).

% The smallest threshold the distance is within; farther pairs have no distance fluent.
distanceThreshold(D, Threshold) :-
    threshold(_, Threshold),
    D =< Threshold, !.

% Thresholds in increasing order (the cut above picks the smallest).
threshold(fight, 24).
threshold(interact, 25).
threshold(leave, 30).
threshold(meet_move, 34).
