using static RuleForge.EventCalculus.Engine.Terms;

namespace RuleForge.EventCalculus.Engine;

/// <summary>Evaluates arithmetic expressions as SWI-Prolog does (integers stay integers where SWI keeps them).</summary>
internal static class Arithmetic
{
    internal static readonly Functor Plus = Functor.Of("+", 2);
    internal static readonly Functor Sub = Functor.Of("-", 2);
    internal static readonly Functor Times = Functor.Of("*", 2);
    internal static readonly Functor Neg = Functor.Of("-", 1);
    internal static readonly Functor Abs = Functor.Of("abs", 1);
    internal static readonly Functor Sqrt = Functor.Of("sqrt", 1);

    /// <summary>
    /// Evaluates a stored expression over a frame like <see cref="EvalStored"/>, with + - * abs sqrt and negation computed
    /// on unboxed numbers (no term per intermediate result); everything else goes through <see cref="EvalStored"/>.
    /// </summary>
    public static Number EvalNumber(PTerm t, PTerm?[] frame)
    {
        switch (t)
        {
            case PSlot slot when frame[slot.Index] is { } bound:
                switch (Deref(bound))
                {
                    case PInt i:
                        return new Number(i.Value);
                    case PFloat f:
                        return new Number(f.Value);
                }

                break;
            case PInt i:
                return new Number(i.Value);
            case PFloat f:
                return new Number(f.Value);
            case PStruct { Args.Length: 2 } s when ReferenceEquals(s.Functor, Plus) || ReferenceEquals(s.Functor, Sub) || ReferenceEquals(s.Functor, Times):
                var x = EvalNumber(s.Args[0], frame);
                var y = EvalNumber(s.Args[1], frame);
                if (!x.IsFloat && !y.IsFloat)
                {
                    return new Number(ReferenceEquals(s.Functor, Plus) ? checked(x.Int + y.Int) : ReferenceEquals(s.Functor, Sub) ? checked(x.Int - y.Int) : checked(x.Int * y.Int));
                }

                return new Number(ReferenceEquals(s.Functor, Plus) ? x.Double + y.Double : ReferenceEquals(s.Functor, Sub) ? x.Double - y.Double : x.Double * y.Double);
            case PStruct { Args.Length: 1 } s when ReferenceEquals(s.Functor, Abs) || ReferenceEquals(s.Functor, Sqrt) || ReferenceEquals(s.Functor, Neg):
                var a = EvalNumber(s.Args[0], frame);
                if (ReferenceEquals(s.Functor, Sqrt))
                {
                    return new Number(Math.Sqrt(a.Double));
                }

                if (ReferenceEquals(s.Functor, Abs))
                {
                    return a.IsFloat ? new Number(Math.Abs(a.Double)) : new Number(Math.Abs(a.Int));
                }

                return a.IsFloat ? new Number(-a.Double) : new Number(checked(-a.Int));
        }

        return Number.Of(EvalStored(t, frame));
    }

    public static PTerm Eval(PTerm t)
    {
        t = Deref(t);
        switch (t)
        {
            case PInt or PFloat:
                return t;
            case PVar:
                throw new PrologRuntimeException("instantiation error: unbound variable in an arithmetic expression");
            case PAtom a:
                return a.Name switch
                {
                    "pi" => new PFloat(Math.PI),
                    "e" => new PFloat(Math.E),
                    "inf" or "infinite" => new PFloat(double.PositiveInfinity),
                    "nan" => new PFloat(double.NaN),
                    "max_tagged_integer" => PInt.Of((1L << 60) - 1),
                    "epsilon" => new PFloat(double.Epsilon),
                    "[]" => throw new PrologRuntimeException("type error: evaluable expected, found []"),
                    _ => throw new PrologRuntimeException($"type error: evaluable expected, found {a.Name}/0"),
                };
            case PString s when s.Value.Length == 1:
                return PInt.Of(s.Value[0]);
            case PStruct s when s.Arity == 1:
                return Unary(s.Name, Eval(s.Args[0]));
            case PStruct s when s.Arity == 2 && ReferenceEquals(s.Functor, Functor.Cons) && ReferenceEquals(Deref(s.Args[1]), PAtom.Nil):
                return Eval(s.Args[0]);
            case PStruct s when s.Arity == 2:
                return Binary(s.Name, Eval(s.Args[0]), Eval(s.Args[1]));
            default:
                throw new PrologRuntimeException($"type error: evaluable expected, found {t}");
        }
    }

    /// <summary>
    /// Evaluates a stored clause expression (variables as slots) over a clause frame, exactly as <see cref="Eval"/> would
    /// evaluate the instantiated expression, without building that expression first.
    /// </summary>
    public static PTerm EvalStored(PTerm t, PTerm?[] frame)
    {
        switch (t)
        {
            case PSlot slot:
                return frame[slot.Index] is { } bound ? Eval(bound) : throw new PrologRuntimeException("instantiation error: unbound variable in an arithmetic expression");
            case PStruct s when s.Arity == 1:
                return Unary(s.Name, EvalStored(s.Args[0], frame));
            case PStruct s when s.Arity == 2 && !ReferenceEquals(s.Functor, Functor.Cons):
                return Binary(s.Name, EvalStored(s.Args[0], frame), EvalStored(s.Args[1], frame));
            case PStruct:
                return Eval(Instantiate(t, frame));
            default:
                return Eval(t);
        }
    }

    private static PTerm Unary(string op, PTerm x)
    {
        switch (op)
        {
            case "-":
                return x is PInt i ? PInt.Of(checked(-i.Value)) : new PFloat(-D(x));
            case "+":
                return x;
            case "abs":
                return x is PInt ia ? PInt.Of(Math.Abs(ia.Value)) : new PFloat(Math.Abs(D(x)));
            case "sign":
                return x is PInt isg ? PInt.Of(Math.Sign(isg.Value)) : new PFloat(Math.Sign(D(x)));
            case "min" or "max":
                break;
            case "sqrt":
                return new PFloat(Math.Sqrt(D(x)));
            case "sin":
                return new PFloat(Math.Sin(D(x)));
            case "cos":
                return new PFloat(Math.Cos(D(x)));
            case "tan":
                return new PFloat(Math.Tan(D(x)));
            case "asin":
                return new PFloat(Math.Asin(D(x)));
            case "acos":
                return new PFloat(Math.Acos(D(x)));
            case "atan":
                return new PFloat(Math.Atan(D(x)));
            case "exp":
                return new PFloat(Math.Exp(D(x)));
            case "log":
                return new PFloat(Math.Log(D(x)));
            case "log2":
                return new PFloat(Math.Log2(D(x)));
            case "float":
                return new PFloat(D(x));
            case "integer":
                return x is PInt ? x : PInt.Of((long)Math.Round(D(x), MidpointRounding.AwayFromZero));
            case "float_integer_part":
                return new PFloat(Math.Truncate(D(x)));
            case "float_fractional_part":
                return new PFloat(D(x) - Math.Truncate(D(x)));
            case "truncate":
                return x is PInt ? x : PInt.Of((long)Math.Truncate(D(x)));
            case "round":
                return x is PInt ? x : PInt.Of((long)Math.Round(D(x), MidpointRounding.AwayFromZero));
            case "ceiling":
                return x is PInt ? x : PInt.Of((long)Math.Ceiling(D(x)));
            case "floor":
                return x is PInt ? x : PInt.Of((long)Math.Floor(D(x)));
            case "\\":
                return PInt.Of(~I(x, op));
            case "msb":
                return PInt.Of(63 - long.LeadingZeroCount(I(x, op)));
            case "succ":
                return PInt.Of(I(x, op) + 1);
            default:
                break;
        }

        throw new PrologRuntimeException($"type error: evaluable expected, found {op}/1");
    }

    private static PTerm Binary(string op, PTerm x, PTerm y)
    {
        var ints = x is PInt && y is PInt;
        switch (op)
        {
            case "+":
                return ints ? PInt.Of(checked(((PInt)x).Value + ((PInt)y).Value)) : new PFloat(D(x) + D(y));
            case "-":
                return ints ? PInt.Of(checked(((PInt)x).Value - ((PInt)y).Value)) : new PFloat(D(x) - D(y));
            case "*":
                return ints ? PInt.Of(checked(((PInt)x).Value * ((PInt)y).Value)) : new PFloat(D(x) * D(y));
            case "/":
                if (ints)
                {
                    var a = ((PInt)x).Value;
                    var b = ((PInt)y).Value;
                    if (b == 0)
                    {
                        throw new PrologRuntimeException("evaluation error: zero divisor");
                    }

                    return a % b == 0 ? PInt.Of(a / b) : new PFloat((double)a / b);
                }

                if (D(y) == 0 && y is PInt)
                {
                    throw new PrologRuntimeException("evaluation error: zero divisor");
                }

                return new PFloat(D(x) / D(y));
            case "//":
                return PInt.Of(I(x, op) / NonZero(I(y, op)));
            case "mod":
                {
                    var a = I(x, op);
                    var b = NonZero(I(y, op));
                    var m = a % b;
                    return PInt.Of(m != 0 && ((m < 0) != (b < 0)) ? m + b : m);
                }

            case "rem":
                return PInt.Of(I(x, op) % NonZero(I(y, op)));
            case "div":
                return PInt.Of((long)Math.Floor((double)I(x, op) / NonZero(I(y, op))));
            case "min":
                return Terms.NumberCompare(x, y) <= 0 ? x : y;
            case "max":
                return Terms.NumberCompare(x, y) >= 0 ? x : y;
            case "**":
                if (ints && ((PInt)y).Value >= 0)
                {
                    return PInt.Of(IntPow(((PInt)x).Value, ((PInt)y).Value));
                }

                return new PFloat(Math.Pow(D(x), D(y)));
            case "^":
                if (ints)
                {
                    if (((PInt)y).Value < 0)
                    {
                        throw new PrologRuntimeException("evaluation error: negative integer exponent in ^/2");
                    }

                    return PInt.Of(IntPow(((PInt)x).Value, ((PInt)y).Value));
                }

                return new PFloat(Math.Pow(D(x), D(y)));
            case "atan2" or "atan":
                return new PFloat(Math.Atan2(D(x), D(y)));
            case "log":
                return new PFloat(Math.Log(D(y)) / Math.Log(D(x)));
            case ">>":
                return PInt.Of(I(x, op) >> (int)I(y, op));
            case "<<":
                return PInt.Of(I(x, op) << (int)I(y, op));
            case "/\\":
                return PInt.Of(I(x, op) & I(y, op));
            case "\\/":
                return PInt.Of(I(x, op) | I(y, op));
            case "xor":
                return PInt.Of(I(x, op) ^ I(y, op));
            case "gcd":
                return PInt.Of((long)System.Numerics.BigInteger.GreatestCommonDivisor(I(x, op), I(y, op)));
            case "copysign":
                return new PFloat(Math.CopySign(D(x), D(y)));
            case "truncate":
                break;
            default:
                break;
        }

        throw new PrologRuntimeException($"type error: evaluable expected, found {op}/2");
    }

    private static long IntPow(long b, long e)
    {
        long r = 1;
        for (var i = 0L; i < e; i++)
        {
            r = checked(r * b);
        }

        return r;
    }

    private static long NonZero(long v) => v == 0 ? throw new PrologRuntimeException("evaluation error: zero divisor") : v;

    private static double D(PTerm t) => t is PInt i ? i.Value : ((PFloat)t).Value;

    private static long I(PTerm t, string op) => t is PInt i ? i.Value : throw new PrologRuntimeException($"type error: integer expected in {op}, found {t}");

    /// <summary>Compares two evaluated numbers (SWI compares int and float by value).</summary>
    public static int Compare(PTerm a, PTerm b) => Terms.NumberCompare(Eval(a), Eval(b));
}

/// <summary>An evaluated number, unboxed: an integer or a float, as SWI-Prolog keeps them apart.</summary>
internal readonly struct Number
{
    public Number(long value)
    {
        Int = value;
        Double = value;
    }

    public Number(double value)
    {
        Double = value;
        IsFloat = true;
    }

    public long Int { get; }

    /// <summary>The value as a float (for an integer, its conversion).</summary>
    public double Double { get; }

    public bool IsFloat { get; }

    public static Number Of(PTerm t) => t is PInt i ? new Number(i.Value) : new Number(((PFloat)t).Value);

    public PTerm ToTerm() => IsFloat ? new PFloat(Double) : PInt.Of(Int);

    /// <summary>Compares by value as <see cref="Terms.NumberCompare"/> does.</summary>
    public int CompareTo(Number other) => !IsFloat && !other.IsFloat ? Int.CompareTo(other.Int) : Double.CompareTo(other.Double);
}

/// <summary>
/// An arithmetic expression of a clause body compiled once (for is/2 and the comparisons): + - * abs sqrt and negation
/// over slots and numbers become nodes evaluated on unboxed numbers, with no type tests on the stored term per call;
/// anything else is evaluated as <see cref="Arithmetic.EvalNumber"/> does.
/// </summary>
internal abstract class ArithExpr
{
    public abstract Number Eval(PTerm?[] frame);

    public static ArithExpr Compile(PTerm stored) => stored switch
    {
        PInt i => new Const(new Number(i.Value)),
        PFloat f => new Const(new Number(f.Value)),
        PSlot s => new Slot(s.Index, stored),
        PStruct { Args.Length: 2 } x when ReferenceEquals(x.Functor, Arithmetic.Plus) => new Add(Compile(x.Args[0]), Compile(x.Args[1])),
        PStruct { Args.Length: 2 } x when ReferenceEquals(x.Functor, Arithmetic.Sub) => new Subtract(Compile(x.Args[0]), Compile(x.Args[1])),
        PStruct { Args.Length: 2 } x when ReferenceEquals(x.Functor, Arithmetic.Times) => new Multiply(Compile(x.Args[0]), Compile(x.Args[1])),
        PStruct { Args.Length: 1 } x when ReferenceEquals(x.Functor, Arithmetic.Abs) => new Absolute(Compile(x.Args[0])),
        PStruct { Args.Length: 1 } x when ReferenceEquals(x.Functor, Arithmetic.Sqrt) => new SquareRoot(Compile(x.Args[0])),
        PStruct { Args.Length: 1 } x when ReferenceEquals(x.Functor, Arithmetic.Neg) => new Negate(Compile(x.Args[0])),
        _ => new General(stored),
    };

    private sealed class Const(Number value) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame) => value;
    }

    private sealed class Slot(int index, PTerm stored) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            if (frame[index] is { } bound)
            {
                switch (Terms.Deref(bound))
                {
                    case PInt i:
                        return new Number(i.Value);
                    case PFloat f:
                        return new Number(f.Value);
                }
            }

            return Arithmetic.EvalNumber(stored, frame); // unbound (an instantiation error) or an expression bound at run time
        }
    }

    private sealed class General(PTerm stored) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame) => Arithmetic.EvalNumber(stored, frame);
    }

    private sealed class Add(ArithExpr left, ArithExpr right) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            var (x, y) = (left.Eval(frame), right.Eval(frame));
            return !x.IsFloat && !y.IsFloat ? new Number(checked(x.Int + y.Int)) : new Number(x.Double + y.Double);
        }
    }

    private sealed class Subtract(ArithExpr left, ArithExpr right) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            var (x, y) = (left.Eval(frame), right.Eval(frame));
            return !x.IsFloat && !y.IsFloat ? new Number(checked(x.Int - y.Int)) : new Number(x.Double - y.Double);
        }
    }

    private sealed class Multiply(ArithExpr left, ArithExpr right) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            var (x, y) = (left.Eval(frame), right.Eval(frame));
            return !x.IsFloat && !y.IsFloat ? new Number(checked(x.Int * y.Int)) : new Number(x.Double * y.Double);
        }
    }

    private sealed class Absolute(ArithExpr inner) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            var a = inner.Eval(frame);
            return a.IsFloat ? new Number(Math.Abs(a.Double)) : new Number(Math.Abs(a.Int));
        }
    }

    private sealed class SquareRoot(ArithExpr inner) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame) => new(Math.Sqrt(inner.Eval(frame).Double));
    }

    private sealed class Negate(ArithExpr inner) : ArithExpr
    {
        public override Number Eval(PTerm?[] frame)
        {
            var a = inner.Eval(frame);
            return a.IsFloat ? new Number(-a.Double) : new Number(checked(-a.Int));
        }
    }
}
