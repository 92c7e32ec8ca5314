using System.Text;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Tests.Prolog;

public sealed class PrologReaderTests
{
    private static Term T(string text) => PrologReader.ParseTerm(text);

    private static ParseException Fails(string text) => Should.Throw<ParseException>(() => PrologReader.Parse(text, "f.pl"));

    [Fact]
    public void Reads_a_rule_with_head_body_position_and_variable_names()
    {
        var program = PrologReader.Parse("% c\n\n  initiatedAt(gap(V)=nearPorts, T) :-\n    happensAt(gap_start(V), T),\n    \\+ holdsAt(w(V)=true, T).\n");
        var clause = program.Clauses.ShouldHaveSingleItem();
        clause.Kind.ShouldBe(ClauseKind.Rule);
        clause.Position.Line.ShouldBe(3);
        clause.Position.Column.ShouldBe(3);
        clause.VariableNames.ShouldBe(["V", "T"]);
        clause.HeadIndicator.ShouldBe("initiatedAt/2");
        clause.BodyLiterals.Count.ShouldBe(2);
        clause.BodyLiterals[1].ShouldBeOfType<Compound>().Name.ShouldBe("\\+");
        var head = (Compound)clause.Head!;
        head[0].ShouldBe(new Compound("=", new Compound("gap", new Variable("V", 0)), new Atom("nearPorts")));
    }

    [Fact]
    public void Facts_directives_and_queries_are_classified()
    {
        var p = PrologReader.Parse("initially(gap(_)=false).\n:- dynamic foo/1.\n?- foo(X).\ns --> [a], s.\n");
        p.Clauses.Select(c => c.Kind).ShouldBe([ClauseKind.Fact, ClauseKind.Directive, ClauseKind.Query, ClauseKind.GrammarRule]);
        p.Clauses[1].Body!.ToString().ShouldBe("dynamic foo / 1");
    }

    [Theory]
    [InlineData("a :- b, c ; d -> e", "a :- b, c ; d -> e")]
    [InlineData("X is 1 + 2 * 3 - 4", "X is 1 + 2 * 3 - 4")]
    [InlineData("X = a - (b - c)", "X = a - (b - c)")]
    [InlineData("X = 2 ** 3", "X = 2 ** 3")]
    [InlineData("X = 2 ^ 3 ^ 4", "X = 2 ^ 3 ^ 4")]
    [InlineData("a @< b", "a @< b")]
    [InlineData("X =.. [f, a]", "X =.. [f,a]")]
    [InlineData("A =\\= B", "A =\\= B")]
    [InlineData("m:goal(X)", "m : goal(X)")]
    [InlineData("X is 7 mod 2 + 8 rem 3 + 1 xor 2 + 9 // 2 + 3 div 2", "X is 7 mod 2 + 8 rem 3 + 1 xor 2 + 9 // 2 + 3 div 2")]
    [InlineData("X is 1 << 2 >> 1 /\\ 3 \\/ 4", "X is 1 << 2 >> 1 /\\ 3 \\/ 4")]
    [InlineData("(a *-> b ; c)", "a *-> b ; c")]
    public void Operators_read_with_standard_priorities(string text, string written) => T(text).ToString().ShouldBe(written);

    [Fact]
    public void Left_and_right_associativity_build_the_right_trees()
    {
        T("a - b - c").ShouldBe(new Compound("-", new Compound("-", new Atom("a"), new Atom("b")), new Atom("c")));
        T("a , b , c").ShouldBe(new Compound(",", new Atom("a"), new Compound(",", new Atom("b"), new Atom("c"))));
        T("a ^ b ^ c").ShouldBe(new Compound("^", new Atom("a"), new Compound("^", new Atom("b"), new Atom("c"))));
        T("a :- b ; c , d").ShouldBe(new Compound(":-", new Atom("a"), new Compound(";", new Atom("b"), new Compound(",", new Atom("c"), new Atom("d")))));
    }

    [Fact]
    public void Comparison_operators_are_distinct_functors()
    {
        foreach (var op in new[] { "=", "\\=", "==", "\\==", "@<", "@>", "@=<", "@>=", "is", "=:=", "=\\=", "<", "=<", ">", ">=" })
        {
            T($"a {op} b").ShouldBeOfType<Compound>().Name.ShouldBe(op);
        }
    }

    [Fact]
    public void Negation_and_not_are_compounds()
    {
        T("\\+ a").ShouldBe(new Compound("\\+", new Atom("a")));
        T("\\+a(X)").ShouldBeOfType<Compound>().Name.ShouldBe("\\+");
        T("not(a)").ShouldBe(new Compound("not", new Atom("a")));
        T("\\+ (a, b)").ShouldBe(new Compound("\\+", new Compound(",", new Atom("a"), new Atom("b"))));
    }

    [Fact]
    public void Numbers_keep_integers_and_floats_apart()
    {
        T("42").ShouldBe(new Integer(42));
        T("42.0").ShouldBe(new Float(42.0));
        T("42").ShouldNotBe(new Float(42.0));
        T("1.5e3").ShouldBe(new Float(1500));
        T("2.5E-2").ShouldBe(new Float(0.025));
        T("1e10").ShouldBe(new Float(1e10));
        T("0'a").ShouldBe(new Integer('a'));
        T("0' ").ShouldBe(new Integer(' '));
        T("0'\\n").ShouldBe(new Integer('\n'));
        T("0'''").ShouldBe(new Integer('\''));
        T("0x1F").ShouldBe(new Integer(31));
        T("0b101").ShouldBe(new Integer(5));
        T("0o17").ShouldBe(new Integer(15));
        T("1_000_000").ShouldBe(new Integer(1_000_000));
    }

    [Fact]
    public void Minus_touching_a_number_is_a_negative_literal()
    {
        T("-1").ShouldBe(new Integer(-1));
        T("-2.5").ShouldBe(new Float(-2.5));
        T("- 1").ShouldBe(new Compound("-", new Integer(1)));
        T("-(1)").ShouldBe(new Compound("-", new Integer(1)));
        T("3 - -1").ShouldBe(new Compound("-", new Integer(3), new Integer(-1)));
        T("a-1").ShouldBe(new Compound("-", new Atom("a"), new Integer(1)));
        T("-a").ShouldBe(new Compound("-", new Atom("a")));
        T("f(-)").ShouldBe(new Compound("f", new Atom("-")));
        T("[-]").ShouldBe(PrologLists.Build([new Atom("-")]));
        T("- = x").ShouldBe(new Compound("=", new Atom("-"), new Atom("x")));
    }

    [Fact]
    public void Quoted_atoms_strings_and_escapes()
    {
        T("'hello world'").ShouldBe(new Atom("hello world"));
        T("'it''s'").ShouldBe(new Atom("it's"));
        T(@"'a\nb\tc\\d\'e'").ShouldBe(new Atom("a\nb\tc\\d'e"));
        T(@"'\x41\\x42\'").ShouldBe(new Atom("AB"));
        T(@"'\101\'").ShouldBe(new Atom("A"));
        T("\"text \\\"q\\\"\"").ShouldBe(new PrologString("text \"q\""));
        T("'\\u00e9'").ShouldBe(new Atom("é"));
        T("`ab`").ShouldBe(PrologLists.Build([new Integer('a'), new Integer('b')]));
        T("'[]'").ShouldBe(Atom.Nil);
        T("'hello'(X)").ShouldBeOfType<Compound>().Name.ShouldBe("hello");
    }

    [Fact]
    public void Lists_are_cons_cells_ending_in_nil()
    {
        var list = T("[a, b | T]");
        var (items, tail) = PrologLists.Decompose(list);
        items.ShouldBe([new Atom("a"), new Atom("b")]);
        tail.ShouldBeOfType<Variable>().Name.ShouldBe("T");
        T("[]").ShouldBe(Atom.Nil);
        PrologLists.ToProperList(T("[1,2,3]"))!.Count.ShouldBe(3);
        T("[(a,b)]").ToString().ShouldBe("[(a, b)]");
        T("[(1,2),(3,4)]").ToString().ShouldBe("[(1, 2),(3, 4)]");
    }

    [Fact]
    public void Infix_bar_reads_as_disjunction()
    {
        T("(a | b)").ShouldBe(new Compound(";", new Atom("a"), new Atom("b")));
    }

    [Fact]
    public void Curly_terms()
    {
        T("{a, b}").ShouldBe(new Compound("{}", new Compound(",", new Atom("a"), new Atom("b"))));
        T("{}").ShouldBe(new Atom("{}"));
    }

    [Fact]
    public void Comments_are_skipped_and_block_comments_are_not_greedy()
    {
        var p = PrologReader.Parse("/* one */ a. /* two */ b. % three\nc. /* multi\nline */ d.");
        p.Clauses.Select(c => c.Term).ShouldBe([new Atom("a"), new Atom("b"), new Atom("c"), new Atom("d")]);
    }

    [Fact]
    public void Anonymous_variables_are_all_distinct_and_named_ones_shared()
    {
        var c = PrologReader.Parse("p(X, _, _, X).").Clauses[0];
        var args = ((Compound)c.Head!).Args;
        args[0].ShouldBe(args[3]);
        args[1].ShouldNotBe(args[2]);
        c.VariableNames.ShouldBe(["X", "_", "_"]);
    }

    [Fact]
    public void A_single_term_comes_with_its_variable_names()
    {
        var (term, names) = PrologReader.ParseTermWithVariables("holdsFor(F=V, I)");
        names.ShouldBe(["F", "V", "I"]);
        ((Compound)term)[1].ShouldBe(new Variable("I", 2));
        Should.Throw<ParseException>(() => PrologReader.ParseTerm("   ")).Message.ShouldContain("empty input");
    }

    [Fact]
    public void Op_directives_extend_the_table()
    {
        var p = PrologReader.Parse(":- op(700, xfx, ===>).\na ===> b.");
        p.Clauses[1].Term.ShouldBe(new Compound("===>", new Atom("a"), new Atom("b")));
    }

    [Fact]
    public void Written_terms_read_back_equal()
    {
        foreach (var text in new[] { "f(- 1, -1, a- -1, 'A b', [x|Y], \"s\", 2.0, 1.0e20, {z}, \\+ g, -(-(a)))", "a :- (b :- c)", "f((a, b), (c ; d))", "x = (y = z)" })
        {
            var t = T(text);
            T(t.ToString()).ShouldBe(t, text);
        }
    }

    [Fact]
    public void Missing_final_full_stop_is_positioned()
    {
        var e = Fails("a.\nb :- c");
        e.Line.ShouldBe(2);
        e.Column.ShouldBe(7);
        e.Message.ShouldContain("f.pl:2:7");
        e.Message.ShouldContain("full stop");
        e.ShouldBeAssignableTo<InputException>();
    }

    [Fact]
    public void Unbalanced_parentheses_are_positioned()
    {
        var open = Fails("a.\np(f(x, y).\n");
        open.Line.ShouldBe(2);
        open.Message.ShouldContain("not closed");
        var close = Fails("p(x)).");
        close.Column.ShouldBe(5);
        close.Message.ShouldContain("unbalanced");
    }

    [Fact]
    public void Unterminated_comment_and_quotes_are_positioned()
    {
        var c = Fails("a.\n  /* no end\n b.");
        (c.Line, c.Column).ShouldBe((2, 3));
        c.Message.ShouldContain("unterminated block comment");
        var q = Fails("a('abc).");
        (q.Line, q.Column).ShouldBe((1, 3));
        q.Message.ShouldContain("unterminated quoted atom");
        Fails("a(\"abc).").Message.ShouldContain("unterminated string");
    }

    [Fact]
    public void Unexpected_tokens_are_positioned()
    {
        var e = Fails("p(a b).");
        (e.Line, e.Column).ShouldBe((1, 5));
        Fails("p :- .").Message.ShouldContain("unexpected full stop");
        Fails("a = b = c.").Column.ShouldBe(7);
        Fails("p(,).").Column.ShouldBe(3);
    }

    [Fact]
    public void Binary_garbage_is_a_syntax_error_not_a_crash()
    {
        var bytes = new byte[] { 0x70, 0x28, 0x00, 0xFF, 0xFE, 0x29, 0x2E };
        var e = Should.Throw<ParseException>(() => PrologReader.Parse(PrologReader.Decode(bytes), "bin.pl"));
        (e.Line, e.Column).ShouldBe((1, 3));
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 200)];
            random.NextBytes(junk);
            try
            {
                PrologReader.Parse(PrologReader.Decode(junk), "junk.pl");
            }
            catch (ParseException)
            {
            }
        }
    }

    [Fact]
    public void Empty_input_has_no_clauses()
    {
        PrologReader.Parse(string.Empty).Clauses.ShouldBeEmpty();
        PrologReader.Parse("  % only a comment\n/* and this */\n").Clauses.ShouldBeEmpty();
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = new string('(', 100_000) + "a" + new string(')', 100_000) + ".";
        Fails(text).Message.ShouldContain("nested");
        var f = string.Concat(Enumerable.Repeat("f(", 50_000)) + "a" + new string(')', 50_000) + ".";
        Fails(f).Message.ShouldContain("nested");
    }

    [Fact]
    public void Long_conjunctions_and_lists_are_read_iteratively()
    {
        var body = string.Join(", ", Enumerable.Range(0, 200_000).Select(i => $"g{i % 10}(X)"));
        var c = PrologReader.Parse($"p(X) :- {body}.").Clauses[0];
        c.BodyLiterals.Count.ShouldBe(200_000);
        var list = "[" + string.Join(",", Enumerable.Range(0, 200_000)) + "]";
        PrologLists.ToProperList(T(list))!.Count.ShouldBe(200_000);
    }

    [Fact]
    public void A_ten_megabyte_program_is_read_whole_and_errors_after_it_keep_their_line()
    {
        var clause = "initiatedAt(highSpeedNearCoast(Vessel)=true, T) :- happensAt(velocity(Vessel, Speed, _, _), T), thresholds(hcNearCoastMax, Max), Speed > Max, \\+ holdsAt(withinArea(Vessel, 'near coast')=true, T). /* c */ % x\n";
        var sb = new StringBuilder();
        while (sb.Length < 10_000_000)
        {
            sb.Append(clause);
        }

        var text = sb.ToString();
        // Reading speed is measured by bench/RuleForge.Bench.EventCalculus (docs/benchmarks.md), not here.
        var p = PrologReader.Parse(text);
        p.Clauses.Count.ShouldBe(text.Length / clause.Length);
        Fails(text + "oops(").Line.ShouldBe(p.Clauses.Count + 1);
    }
}
