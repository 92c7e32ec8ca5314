using System.Buffers;
using System.Globalization;
using System.Text;

namespace RuleForge.EventCalculus.Prolog;

/// <summary>Splits Prolog text into tokens in one forward pass over a span (no regular expressions, no backtracking).</summary>
internal sealed class PrologLexer
{
    private static readonly SearchValues<char> SymbolChars = SearchValues.Create("+-*/\\^<>=~:.?@#&$");
    private static readonly SearchValues<char> AlnumChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private readonly string text;
    private readonly string source;
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> nameLookup;
    private readonly StringBuilder scratch = new();
    private int pos;

    // Incremental line tracking for positions asked in increasing order.
    private int lineCursorOffset;
    private int lineCursorLine = 1;
    private int lineCursorLineStart;

    public PrologLexer(string text, string source)
    {
        this.text = text;
        this.source = source;
        nameLookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Source => source;

    public Token Next()
    {
        var layout = SkipLayout();
        var start = pos;
        if (pos >= text.Length)
        {
            return new Token(TokenKind.EndOfFile, pos, pos, layout);
        }

        var c = text[pos];
        switch (c)
        {
            case '(':
                pos++;
                return new Token(TokenKind.OpenParen, start, pos, layout);
            case ')':
                pos++;
                return new Token(TokenKind.CloseParen, start, pos, layout);
            case '[':
                pos++;
                return new Token(TokenKind.OpenBracket, start, pos, layout);
            case ']':
                pos++;
                return new Token(TokenKind.CloseBracket, start, pos, layout);
            case '{':
                pos++;
                return new Token(TokenKind.OpenCurly, start, pos, layout);
            case '}':
                pos++;
                return new Token(TokenKind.CloseCurly, start, pos, layout);
            case ',':
                pos++;
                return new Token(TokenKind.Comma, start, pos, layout);
            case '|':
                if (pos + 1 < text.Length && text[pos + 1] == '|')
                {
                    pos += 2;
                    return new Token(TokenKind.Name, start, pos, layout, "||");
                }

                pos++;
                return new Token(TokenKind.Bar, start, pos, layout);
            case '!':
                pos++;
                return new Token(TokenKind.Name, start, pos, layout, "!");
            case ';':
                pos++;
                return new Token(TokenKind.Name, start, pos, layout, ";");
            case '\'':
                return new Token(TokenKind.QuotedName, start, pos, layout, ReadQuoted('\'', "quoted atom")) with { End = pos };
            case '"':
                return new Token(TokenKind.String, start, pos, layout, ReadQuoted('"', "string")) with { End = pos };
            case '`':
                return new Token(TokenKind.BackQuoted, start, pos, layout, ReadQuoted('`', "back-quoted string")) with { End = pos };
        }

        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(layout);
        }

        if (char.IsAsciiLetterLower(c))
        {
            return new Token(TokenKind.Name, start, ScanAlnum(), layout, Intern(text.AsSpan(start, pos - start)));
        }

        if (char.IsAsciiLetterUpper(c) || c == '_')
        {
            return new Token(TokenKind.Variable, start, ScanAlnum(), layout, Intern(text.AsSpan(start, pos - start)));
        }

        if (SymbolChars.Contains(c))
        {
            var rest = text.AsSpan(pos);
            var len = rest.IndexOfAnyExcept(SymbolChars);
            if (len < 0)
            {
                len = rest.Length;
            }

            // A lone '.' followed by layout, '%' or the end of the text ends the clause.
            if (len == 1 && c == '.' && (pos + 1 >= text.Length || IsLayoutChar(text[pos + 1]) || text[pos + 1] == '%'))
            {
                pos++;
                return new Token(TokenKind.End, start, pos, layout);
            }

            // "/*" inside a symbol sequence starts a comment (as in SWI-Prolog): stop the name before it.
            var comment = rest[..len].IndexOf("/*", StringComparison.Ordinal);
            if (comment == 0)
            {
                throw Error(pos, "internal: comment not skipped");
            }

            if (comment > 0)
            {
                len = comment;
            }

            pos += len;
            return new Token(TokenKind.Name, start, pos, layout, Intern(text.AsSpan(start, len)));
        }

        if (char.IsLetter(c))
        {
            // Non-ASCII letters: upper case starts a variable, anything else an atom (as SWI-Prolog does).
            var kind = char.IsUpper(c) ? TokenKind.Variable : TokenKind.Name;
            pos++;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
            {
                pos++;
            }

            return new Token(kind, start, pos, layout, Intern(text.AsSpan(start, pos - start)));
        }

        throw Error(start, c == '\uFFFD'
            ? "unexpected character: the input is not valid UTF-8 text (binary data?)"
            : $"unexpected character U+{(int)c:X4}{(char.IsControl(c) ? " (binary data?)" : $" '{c}'")}");
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/>; fast when offsets are asked in increasing order.</summary>
    public SourcePosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        if (offset < lineCursorOffset)
        {
            lineCursorOffset = 0;
            lineCursorLine = 1;
            lineCursorLineStart = 0;
        }

        var span = text.AsSpan(lineCursorOffset, offset - lineCursorOffset);
        var i = span.IndexOf('\n');
        while (i >= 0)
        {
            lineCursorLine++;
            lineCursorLineStart = lineCursorOffset + i + 1;
            lineCursorOffset = lineCursorLineStart;
            span = text.AsSpan(lineCursorOffset, offset - lineCursorOffset);
            i = span.IndexOf('\n');
        }

        lineCursorOffset = offset;
        return new SourcePosition(lineCursorLine, offset - lineCursorLineStart + 1, offset);
    }

    public ParseException Error(int offset, string reason)
    {
        var p = PositionOf(offset);
        return new ParseException(source, p.Line, p.Column, reason);
    }

    private static bool IsLayoutChar(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' || (c > 127 && char.IsWhiteSpace(c));

    private string Intern(ReadOnlySpan<char> span)
    {
        if (nameLookup.TryGetValue(span, out var s))
        {
            return s;
        }

        s = span.ToString();
        names[s] = s;
        return s;
    }

    private int ScanAlnum()
    {
        pos++;
        var rest = text.AsSpan(pos);
        var len = rest.IndexOfAnyExcept(AlnumChars);
        pos += len < 0 ? rest.Length : len;

        // Non-ASCII letters inside names are accepted too.
        while (pos < text.Length && text[pos] > 127 && char.IsLetterOrDigit(text[pos]))
        {
            pos++;
            rest = text.AsSpan(pos);
            len = rest.IndexOfAnyExcept(AlnumChars);
            pos += len < 0 ? rest.Length : len;
        }

        return pos;
    }

    private bool SkipLayout()
    {
        var start = pos;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (IsLayoutChar(c))
            {
                pos++;
            }
            else if (c == '%')
            {
                var nl = text.AsSpan(pos).IndexOf('\n');
                pos = nl < 0 ? text.Length : pos + nl + 1;
            }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                // Non-greedy: the comment ends at the first "*/".
                var close = text.AsSpan(pos + 2).IndexOf("*/", StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(pos, "unterminated block comment (no closing */)");
                }

                pos = pos + 2 + close + 2;
            }
            else
            {
                break;
            }
        }

        return pos > start;
    }

    private string ReadQuoted(char quote, string what)
    {
        var open = pos;
        pos++;
        var rest = text.AsSpan(pos);
        var stop = rest.IndexOfAny(quote, '\\');
        if (stop < 0)
        {
            throw Error(open, $"unterminated {what} (no closing {quote})");
        }

        // Fast path: no escapes and no doubled quote.
        if (rest[stop] == quote && (pos + stop + 1 >= text.Length || text[pos + stop + 1] != quote))
        {
            var s = Intern(rest[..stop]);
            pos += stop + 1;
            return s;
        }

        scratch.Clear();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error(open, $"unterminated {what} (no closing {quote})");
            }

            var c = text[pos];
            if (c == quote)
            {
                if (pos + 1 < text.Length && text[pos + 1] == quote)
                {
                    scratch.Append(quote);
                    pos += 2;
                    continue;
                }

                pos++;
                return Intern(scratch.ToString());
            }

            if (c == '\\')
            {
                ReadEscape(open, what);
                continue;
            }

            var next = text.AsSpan(pos).IndexOfAny(quote, '\\');
            if (next < 0)
            {
                throw Error(open, $"unterminated {what} (no closing {quote})");
            }

            scratch.Append(text.AsSpan(pos, next));
            pos += next;
        }
    }

    private void ReadEscape(int open, string what)
    {
        var escapeAt = pos;
        pos++;
        if (pos >= text.Length)
        {
            throw Error(open, $"unterminated {what} (no closing quote)");
        }

        var e = text[pos++];
        switch (e)
        {
            case 'a': scratch.Append('\a'); return;
            case 'b': scratch.Append('\b'); return;
            case 'f': scratch.Append('\f'); return;
            case 'n': scratch.Append('\n'); return;
            case 'r': scratch.Append('\r'); return;
            case 't': scratch.Append('\t'); return;
            case 'v': scratch.Append('\v'); return;
            case 'e': scratch.Append('\u001b'); return;
            case 's': scratch.Append(' '); return;
            case 'z': return;
            case '\\' or '\'' or '"' or '`': scratch.Append(e); return;
            case '\n': return; // line continuation
            case '\r':
                if (pos < text.Length && text[pos] == '\n')
                {
                    pos++;
                }

                return;
            case 'x':
                AppendCodePoint(escapeAt, ReadDigitsEscape(16, escapeAt, closingBackslash: true));
                return;
            case 'u':
                AppendCodePoint(escapeAt, ReadFixedHex(4, escapeAt));
                return;
            case 'U':
                AppendCodePoint(escapeAt, ReadFixedHex(8, escapeAt));
                return;
        }

        if (e is >= '0' and <= '7')
        {
            pos--;
            AppendCodePoint(escapeAt, ReadDigitsEscape(8, escapeAt, closingBackslash: true));
            return;
        }

        throw Error(escapeAt, $"undefined escape sequence \\{e} in {what}");
    }

    private int ReadDigitsEscape(int radix, int escapeAt, bool closingBackslash)
    {
        long value = 0;
        var digits = 0;
        while (pos < text.Length && DigitValue(text[pos], radix) is var d && d >= 0)
        {
            value = (value * radix) + d;
            if (value > 0x10FFFF)
            {
                throw Error(escapeAt, "character code in escape sequence is too large");
            }

            pos++;
            digits++;
        }

        if (digits == 0)
        {
            throw Error(escapeAt, "escape sequence without digits");
        }

        if (closingBackslash && pos < text.Length && text[pos] == '\\')
        {
            pos++;
        }

        return (int)value;
    }

    private int ReadFixedHex(int count, int escapeAt)
    {
        if (pos + count > text.Length)
        {
            throw Error(escapeAt, "incomplete \\u escape sequence");
        }

        if (!int.TryParse(text.AsSpan(pos, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) || v > 0x10FFFF || v < 0)
        {
            throw Error(escapeAt, "invalid \\u escape sequence");
        }

        pos += count;
        return v;
    }

    private void AppendCodePoint(int at, int code)
    {
        if (code is >= 0xD800 and <= 0xDFFF)
        {
            throw Error(at, "escape sequence names a surrogate code point");
        }

        scratch.Append(char.ConvertFromUtf32(code));
    }

    private static int DigitValue(char c, int radix)
    {
        var v = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'z' => c - 'a' + 10,
            >= 'A' and <= 'Z' => c - 'A' + 10,
            _ => -1,
        };
        return v < radix ? v : -1;
    }

    private Token ReadNumber(bool layout)
    {
        var start = pos;
        if (text[pos] == '0' && pos + 1 < text.Length)
        {
            var k = text[pos + 1];
            if (k == '\'')
            {
                return ReadCharCode(start, layout);
            }

            if (k is 'x' or 'o' or 'b' && pos + 2 < text.Length && DigitValue(text[pos + 2], k == 'x' ? 16 : k == 'o' ? 8 : 2) >= 0)
            {
                var radix = k == 'x' ? 16 : k == 'o' ? 8 : 2;
                pos += 2;
                long value = 0;
                while (pos < text.Length && DigitValue(text[pos], radix) is var d && d >= 0)
                {
                    if (value > (long.MaxValue - d) / radix)
                    {
                        throw Error(start, "integer literal is outside the 64-bit range");
                    }

                    value = (value * radix) + d;
                    pos++;
                }

                return new Token(TokenKind.Integer, start, pos, layout, IntegerValue: value);
            }
        }

        var hasUnderscore = false;
        ScanDigits(ref hasUnderscore);
        var isFloat = false;
        if (pos + 1 < text.Length && text[pos] == '.' && char.IsAsciiDigit(text[pos + 1]))
        {
            isFloat = true;
            pos++;
            ScanDigits(ref hasUnderscore);
        }

        if (pos < text.Length && (text[pos] is 'e' or 'E'))
        {
            var p = pos + 1;
            if (p < text.Length && (text[p] is '+' or '-'))
            {
                p++;
            }

            if (p < text.Length && char.IsAsciiDigit(text[p]))
            {
                isFloat = true;
                pos = p;
                ScanDigits(ref hasUnderscore);
            }
        }

        var span = text.AsSpan(start, pos - start);
        var digits = hasUnderscore ? span.ToString().Replace("_", string.Empty, StringComparison.Ordinal).AsSpan() : span;
        if (isFloat)
        {
            if (pos + 2 < text.Length && text.AsSpan(pos, 3) is "Inf" or "NaN")
            {
                var special = text.AsSpan(pos, 3) is "Inf" ? double.PositiveInfinity : double.NaN;
                pos += 3;
                return new Token(TokenKind.Float, start, pos, layout, FloatValue: special);
            }

            return new Token(TokenKind.Float, start, pos, layout, FloatValue: double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            throw Error(start, "integer literal is outside the 64-bit range");
        }

        return new Token(TokenKind.Integer, start, pos, layout, IntegerValue: integer);
    }

    private void ScanDigits(ref bool hasUnderscore)
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsAsciiDigit(c))
            {
                pos++;
            }
            else if (c == '_' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]))
            {
                hasUnderscore = true;
                pos++;
            }
            else
            {
                break;
            }
        }
    }

    private Token ReadCharCode(int start, bool layout)
    {
        pos += 2; // 0'
        if (pos >= text.Length)
        {
            throw Error(start, "incomplete character code 0'");
        }

        var c = text[pos];
        int code;
        if (c == '\\')
        {
            scratch.Clear();
            ReadEscape(start, "character code");
            var s = scratch.ToString();
            if (s.Length == 0)
            {
                throw Error(start, "character code escape gives no character");
            }

            code = char.ConvertToUtf32(s, 0);
        }
        else if (c == '\'')
        {
            // 0''' (ISO) and 0'' (SWI-Prolog) both denote the quote character.
            pos += pos + 1 < text.Length && text[pos + 1] == '\'' ? 2 : 1;
            code = '\'';
        }
        else if (char.IsHighSurrogate(c) && pos + 1 < text.Length && char.IsLowSurrogate(text[pos + 1]))
        {
            code = char.ConvertToUtf32(c, text[pos + 1]);
            pos += 2;
        }
        else
        {
            code = c;
            pos++;
        }

        return new Token(TokenKind.Integer, start, pos, layout, IntegerValue: code);
    }
}
