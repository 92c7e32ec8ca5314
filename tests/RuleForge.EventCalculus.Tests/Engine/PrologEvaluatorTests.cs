using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Engine;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Tests.Engine;

public sealed class PrologEvaluatorTests
{
    private static Machine Load(string text)
    {
        var db = new Database();
        var dynamic = new HashSet<Functor>();
        foreach (var c in ProgramLoader.Load(PrologReader.Parse(text, "t.pl"), Directory.GetCurrentDirectory(), dynamic, [], "t.pl"))
        {
            db.Add(c.Clause);
        }

        db.Dynamic.UnionWith(dynamic);
        return new Machine(db);
    }

    /// <summary>All solutions of <paramref name="query"/>, each written as the value of X.</summary>
    private static List<string> Solve(string program, string query)
    {
        var m = Load(program);
        var (term, names) = PrologReader.ParseTermWithVariables(query);
        var frame = new PTerm?[names.Count];
        var goal = Terms.Instantiate(Database.Convert(term), frame);
        var x = names.ToList().IndexOf("X");
        return [.. m.FindAll(x >= 0 ? frame[x]! : PAtom.True, goal).Select(t => TermText.Write(t, true))];
    }

    [Fact]
    public void Backtracking_enumerates_clauses_in_order() =>
        Solve("p(1). p(2). p(3).", "p(X)").ShouldBe(["1", "2", "3"]);

    [Fact]
    public void Cut_prunes_later_clauses_and_earlier_choices() =>
        Solve("p(1). p(2). q(X) :- p(X), !. q(9).", "q(X)").ShouldBe(["1"]);

    [Fact]
    public void Negation_as_failure_and_not() =>
        Solve("p(1). p(2). r(X) :- member(X, [1,2,3]), \\+ p(X). s(X) :- member(X, [1,3]), not(p(X)).", "(r(X) ; s(X))").ShouldBe(["3", "3"]);

    [Fact]
    public void Calls_meeting_several_facts_backtrack_into_the_rest_of_the_body_and_honour_a_later_cut()
    {
        const string facts = "t(1, a). t(2, b). t(3, c). ";
        Solve(facts + "all(X) :- t(K, X), K >= 2.", "all(X)").ShouldBe(["b", "c"]);
        Solve(facts + "first(N, X) :- t(K, X), K >= N, !. first(_, none).", "first(2, X)").ShouldBe(["b"]);
        Solve(facts + "first(N, X) :- t(K, X), K >= N, !. first(_, none).", "first(7, X)").ShouldBe(["none"]);
        Solve(facts + "pair(X) :- t(K, A), t(L, B), K < L, X = A-B.", "pair(X)").ShouldBe(["a-b", "a-c", "b-c"]);
    }

    [Fact]
    public void Recursive_calls_backtracking_through_reused_frames_keep_each_solution_apart()
    {
        const string app = "app([], L, L). app([H|T], L, [H|R]) :- app(T, L, R). ";
        Solve(app + "split(X) :- app(A, B, [1, 2, 3]), X = A/B.", "split(X)").ShouldBe(["[]/[1,2,3]", "[1]/[2,3]", "[1,2]/[3]", "[1,2,3]/[]"]);
        Solve(app + "sums(X) :- app(A, [B|_], [1, 2, 3]), findall(S, (app(_, [C], A), S is B + C), X).", "sums(X)")
            .ShouldBe(["[]", "[3]", "[5]"]);
    }

    [Fact]
    public void A_variable_first_bound_by_a_fact_is_unbound_again_on_backtracking() =>
        Solve("t(1, a). t(3, c). q(X) :- (t(K, _), K > 5 ; K = 0), X = K.", "q(X)").ShouldBe(["0"]);

    [Fact]
    public void Facts_with_variables_are_matched_with_their_own_variables() =>
        Solve("u(X, X). u(a, _). u(b, c). w(R) :- u(b, R).", "w(X)").ShouldBe(["b", "c"]);

    [Fact]
    public void Negation_with_a_cut_inside_is_local_to_the_negation() =>
        Solve("t(1, a). t(2, b). n(X) :- member(X, [1, 4, 2, 5]), \\+ (t(X, _), !).", "n(X)").ShouldBe(["4", "5"]);

    [Fact]
    public void Compiled_arithmetic_keeps_integers_and_floats_apart()
    {
        Solve("e(X) :- A = 3, B = 5, X is abs(A - B) * 2 + sqrt(9) - (-1).", "e(X)").ShouldBe(["8.0"]);
        Solve("i(X) :- A = 4, X is A * A - 1, X > 14.0, X =:= 15.", "i(X)").ShouldBe(["15"]);
        Solve("f(X) :- A = 2.5, X is -A * 2.", "f(X)").ShouldBe(["-5.0"]);
        Solve("g(X) :- E = 2 + 3, X is E * 2 - max(1, 4).", "g(X)").ShouldBe(["6"]);
        Should.Throw<PrologRuntimeException>(() => Solve("u(X) :- X is _ + 1.", "u(X)")).Message.ShouldContain("instantiation");
    }

    [Theory]
    [InlineData("f(a, [1, 2], \"s\")", "f(a, [1, 2], \"s\")", true)]
    [InlineData("f(a, 1)", "f(a, 1.0)", false)]
    [InlineData("f(a, b)", "f(a, c)", false)]
    [InlineData("f(a)", "g(a)", false)]
    [InlineData("[1, 2, 3]", "[1, 2]", false)]
    [InlineData("0.0", "-0.0", true)]
    public void Ground_terms_are_equal_exactly_when_they_compare_equal_and_equal_ones_hash_alike(string left, string right, bool equal)
    {
        PTerm Term(string text) => Terms.Instantiate(Database.Convert(PrologReader.ParseTermWithVariables(text).Term), []);
        var (x, y) = (Term(left), Term(right));
        GroundComparer.Instance.Equals(x, y).ShouldBe(equal);
        (Terms.Compare(x, y) == 0 && x.GetType() == y.GetType()).ShouldBe(equal);
        if (equal)
        {
            GroundComparer.Instance.GetHashCode(x).ShouldBe(GroundComparer.Instance.GetHashCode(y));
        }
    }

    [Fact]
    public void A_compound_without_arguments_equals_itself_only()
    {
        var f = new PStruct(Functor.Of("go", 0), []);
        GroundComparer.Instance.Equals(f, new PStruct(Functor.Of("go", 0), [])).ShouldBeTrue();
        GroundComparer.Instance.Equals(f, new PStruct(Functor.Of("stop", 0), [])).ShouldBeFalse();
    }

    [Theory]
    [InlineData("X is 7 / 2", "3.5")]
    [InlineData("X is 6 / 2", "3")]
    [InlineData("X is 7 // 2", "3")]
    [InlineData("X is -7 mod 3", "2")]
    [InlineData("X is max(3, 4.0) + abs(-2)", "6.0")]
    [InlineData("X is 2 ** 3", "8")]
    [InlineData("X is sqrt(16)", "4.0")]
    [InlineData("X is floor(2.7) + ceiling(2.1) + round(2.5) + truncate(-2.5)", "6")]
    public void Arithmetic_follows_swi(string query, string expected) => Solve("", query).ShouldBe([expected]);

    [Fact]
    public void Comparisons_and_term_order()
    {
        Solve("", "(1 =:= 1.0, 2 > 1, a @< b, 1 @< a, f(a) @> a, X = yes)").ShouldBe(["yes"]);
        Solve("", "msort([b, 2, a, 1.0, f(x)], X)").ShouldBe(["[1.0,2,a,b,f(x)]"]);
        Solve("", "sort([c, a, b, a], X)").ShouldBe(["[a,b,c]"]);
    }

    [Fact]
    public void If_then_else_and_disjunction()
    {
        Solve("", "(member(Y, [1,2]), (Y > 1 -> X = big ; X = small))").ShouldBe(["small", "big"]);
        Solve("", "(fail -> X = a ; X = b)").ShouldBe(["b"]);
    }

    [Fact]
    public void All_solutions_predicates()
    {
        Solve("p(b, 1). p(a, 2). p(b, 3).", "findall(K-V, p(K, V), X)").ShouldBe(["[b-1,a-2,b-3]"]);
        Solve("p(b, 1). p(a, 2). p(b, 3).", "setof(V, K^p(K, V), X)").ShouldBe(["[1,2,3]"]);
        Solve("p(b, 1). p(a, 2). p(b, 3).", "bagof(V, p(K, V), X)").ShouldBe(["[2]", "[1,3]"]);
        Solve("", "findall(Y, between(1, 4, Y), X)").ShouldBe(["[1,2,3,4]"]);
    }

    [Fact]
    public void List_predicates()
    {
        Solve("", "append(X, [c], [a,b,c])").ShouldBe(["[a,b]"]);
        Solve("", "(length([a,b,c], N), nth0(1, [a,b,c], E), nth1(1, [a,b,c], F), last([a,b,c], L), X = [N,E,F,L])").ShouldBe(["[3,b,a,c]"]);
        Solve("", "(atom_number('42', N), X = N)").ShouldBe(["42"]);
    }

    [Fact]
    public void First_argument_indexing_keeps_clause_order_with_variables()
    {
        var program = "p(a, 1). p(X, 2) :- X = a. p(b, 3). p(a, 4). p(c, 5).";
        Solve(program, "p(a, X)").ShouldBe(["1", "2", "4"]);
        Solve(program, "p(b, X)").ShouldBe(["3"]);
    }

    [Fact]
    public void Unsupported_built_ins_are_refused_at_load_time_with_the_line()
    {
        var e = Should.Throw<InputException>(() => Load("p(X) :-\n  assertz(q(X))."));
        e.Message.ShouldContain("t.pl:1");
        e.Message.ShouldContain("assertz/1");
    }

    [Fact]
    public void Consult_directives_resolve_relative_to_the_including_file()
    {
        var dir = Directory.CreateTempSubdirectory("rf-consult-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            File.WriteAllText(Path.Combine(dir.FullName, "main.pl"), ":- ['sub/a.pl'].\nq(X) :- a(X).\n:- dynamic z/1.\n");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "a.pl"), ":- consult(b).\na(X) :- b(X).\n");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "b.pl"), ":- multifile b/1.\nb(7).\n");
            var loaded = ProgramLoader.Load(Path.Combine(dir.FullName, "main.pl"), []);
            loaded.Count.ShouldBe(3);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
