package io.jingzhi.agent.mcp.platform;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Evaluates an arithmetic expression without any script engine: numbers, {@code + - * / %}, {@code ^} (integer
 * powers), parentheses and unary signs, by recursive descent. Lengths, nesting and powers are bounded so a hostile
 * expression cannot exhaust the server.
 */
public final class Calculator {

  static final int MAX_LENGTH = 1000;
  private static final int MAX_DEPTH = 64;
  private static final int MAX_EXPONENT = 999;
  private static final MathContext MATH = MathContext.DECIMAL64;

  private final String text;
  private int pos;
  private int depth;

  private Calculator(String text) {
    this.text = text;
  }

  /** The value of the expression; {@link IllegalArgumentException} with a reason for anything it cannot compute. */
  public static BigDecimal evaluate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("the expression is empty");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the expression is longer than " + MAX_LENGTH + " characters");
    }
    Calculator c = new Calculator(expression.replace('×', '*').replace('÷', '/').replace('（', '(')
        .replace('）', ')'));
    BigDecimal value = c.sum();
    c.skipSpaces();
    if (c.pos < c.text.length()) {
      throw new IllegalArgumentException("unexpected '" + c.text.charAt(c.pos) + "' at position " + (c.pos + 1));
    }
    return value.stripTrailingZeros();
  }

  /** The value as plain text ({@code 0.1 + 0.2} is {@code 0.3}). */
  public static String format(BigDecimal value) {
    BigDecimal v = value.round(MATH).stripTrailingZeros();
    return v.abs().compareTo(new BigDecimal("1e21")) >= 0 ? v.toString() : v.toPlainString();
  }

  private BigDecimal sum() {
    BigDecimal value = product();
    while (true) {
      if (eat('+')) {
        value = value.add(product(), MATH);
      } else if (eat('-')) {
        value = value.subtract(product(), MATH);
      } else {
        return value;
      }
    }
  }

  private BigDecimal product() {
    BigDecimal value = unary();
    while (true) {
      if (eat('*')) {
        value = value.multiply(unary(), MATH);
      } else if (eat('/')) {
        value = value.divide(nonZero(unary()), MATH);
      } else if (eat('%')) {
        value = value.remainder(nonZero(unary()), MATH);
      } else {
        return value;
      }
    }
  }

  /** Signs bind looser than powers, as in mathematics: {@code -2^2} is -4. */
  private BigDecimal unary() {
    if (eat('-')) {
      return nested(() -> unary().negate());
    }
    if (eat('+')) {
      return nested(this::unary);
    }
    return power();
  }

  private BigDecimal power() {
    BigDecimal base = atom();
    if (!eat('^')) {
      return base;
    }
    BigDecimal exponent = nested(this::unary);
    int n;
    try {
      n = exponent.intValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("only whole exponents are supported");
    }
    if (Math.abs(n) > MAX_EXPONENT) {
      throw new IllegalArgumentException("exponents beyond ±" + MAX_EXPONENT + " are not supported");
    }
    return n >= 0 ? base.pow(n, MATH) : BigDecimal.ONE.divide(nonZero(base).pow(-n, MATH), MATH);
  }

  private BigDecimal atom() {
    if (eat('(')) {
      BigDecimal value = nested(this::sum);
      if (!eat(')')) {
        throw new IllegalArgumentException("a ')' is missing at position " + (pos + 1));
      }
      return value;
    }
    skipSpaces();
    int start = pos;
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException(pos < text.length() ? "unexpected '" + text.charAt(pos) + "' at position "
          + (pos + 1) : "the expression ends too early");
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text.substring(start, pos) + "' is not a number");
    }
  }

  private BigDecimal nested(java.util.function.Supplier<BigDecimal> inner) {
    if (++depth > MAX_DEPTH) {
      throw new IllegalArgumentException("the expression is nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return inner.get();
    } finally {
      depth--;
    }
  }

  private static BigDecimal nonZero(BigDecimal divisor) {
    if (divisor.signum() == 0) {
      throw new IllegalArgumentException("division by zero");
    }
    return divisor;
  }

  private boolean eat(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

}
