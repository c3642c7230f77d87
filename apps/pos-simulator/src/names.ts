import type { Rng } from './prng';
import type { Sex } from './population-model';

/** Synthetic Chinese names: common surnames and given-name characters, nobody real. */
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志';
const GIVEN_F = '芳娜敏静丽艳娟霞秀玲桂英华红梅琳雪婷倩颖洁佳慧莉兰萍燕云';

export function surname(rng: Rng): string {
  return rng.pick([...SURNAMES]);
}

export function fullName(rng: Rng, familyName: string, sex: Sex): string {
  const chars = [...(sex === 'M' ? GIVEN_M : GIVEN_F)];
  const given = rng.chance(0.6) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return familyName + given;
}
