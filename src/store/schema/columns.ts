/** The column types the tables share. */
import type { ColumnType } from 'kysely';

/** A flag column: 0/1 or false/true depending on the dialect. */
export type Flag = ColumnType<number | boolean, number, number>;

/** A JSON text column. */
export type Json = string;
